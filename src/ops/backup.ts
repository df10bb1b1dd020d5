import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError, errorMessage } from '../core/errors.js';
import type { Database } from '../db/open-database.js';

export interface BackupReport {
  path: string;
  bytes: number;
  ms: number;
}

/**
 * A consistent copy of the live database through SQLite's online backup, safe while other
 * jobs write. It is written beside the target and renamed into place, so the target is
 * either the previous backup or a complete new one, never half a file.
 */
export async function backupDatabase(db: Database, target: string): Promise<BackupReport> {
  const dir = dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AppError('usage', `backup folder does not exist: ${dir}`);
  if (existsSync(target) && statSync(target).isDirectory()) throw new AppError('usage', `backup target is a folder: ${target}`);
  const partial = `${target}.partial-${process.pid}`;
  const started = Date.now();
  try {
    await db.raw.backup(partial);
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new AppError('database', `backup to ${target} failed: ${errorMessage(err)}`);
  }
  return { path: target, bytes: statSync(target).size, ms: Date.now() - started };
}
