import type { Database } from './database.js';
import { type OpenOptions, openSqliteDatabase } from './sqlite/open-sqlite.js';

export type { Database, Executor } from './database.js';
export type { OpenOptions } from './sqlite/open-sqlite.js';

/** Opens the configured store and brings its schema up to date (SQLite, the one dialect so far). */
export function openDatabase(path: string, options: OpenOptions = {}): Promise<Database> {
  return openSqliteDatabase(path, options);
}
