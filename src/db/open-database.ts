import { isPostgresUrl } from '../core/database-url.js';
import type { Database, OpenOptions } from './database.js';

export type { Database, Executor, OpenOptions } from './database.js';

/**
 * Opens the configured store and brings its schema up to date: a `postgres://` or
 * `postgresql://` URL is PostgreSQL, anything else a SQLite file. Each dialect's module loads
 * only when used, so SQLite runs never load pg, and PostgreSQL runs never load better-sqlite3.
 */
export async function openDatabase(location: string, options: OpenOptions = {}): Promise<Database> {
  if (isPostgresUrl(location)) {
    const { openPostgresDatabase } = await import('./postgres/open-postgres.js');
    return openPostgresDatabase(location.trim(), options);
  }
  const { openSqliteDatabase } = await import('./sqlite/open-sqlite.js');
  return openSqliteDatabase(location, options);
}
