import { statSync } from 'node:fs';
import { AppError, errorMessage } from '../core/errors.js';
import { checkOutputPath, replaceAtomically } from '../core/output-file.js';
import { storageError } from '../core/storage-error.js';
import { quickCheckFile } from '../db/integrity.js';
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
  checkOutputPath(target, 'backup');
  const started = Date.now();
  try {
    await replaceAtomically(target, async (partial) => {
      await db.raw.backup(partial);
      // The online backup copies pages as they are: a corrupt database makes a corrupt copy,
      // which must never replace the previous (good) backup.
      const corrupt = quickCheckFile(partial);
      if (corrupt)
        throw new AppError('database-corrupt', `database ${db.path} is corrupt (${corrupt}): no backup was written, ${target} is unchanged; restore the latest good backup`);
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    const mapped = storageError(err, { path: target });
    if (mapped && mapped.code !== 'database') throw mapped;
    throw new AppError('database', `backup to ${target} failed: ${errorMessage(err)}`);
  }
  return { path: target, bytes: statSync(target).size, ms: Date.now() - started };
}
