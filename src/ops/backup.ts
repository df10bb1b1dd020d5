import { realpathSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError, errorMessage } from '../core/errors.js';
import { checkOutputPath, replaceAtomically } from '../core/output-file.js';
import { storageError } from '../core/storage-error.js';
import { quickCheckFile } from '../db/sqlite/sqlite-maintenance.js';
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
  if (db.dialect === 'postgres') {
    throw new AppError(
      'usage',
      `backup writes a SQLite file and ${db.path} is PostgreSQL: use pg_dump, ` +
        'or `agi-tracker db copy --from <url> --to <file.db>` for a SQLite copy',
    );
  }
  checkOutputPath(target, 'backup');
  // Renaming a copy over the live file (or its WAL) under running jobs would lose their writes.
  const live = liveFileAt(db.path, target);
  if (live)
    throw new AppError(
      'usage',
      `backup target ${target} is the live database${live === db.path ? ' itself' : `'s ${live}`} ` +
        `(${db.path}); name another file`,
    );
  const started = Date.now();
  try {
    await replaceAtomically(target, async (partial) => {
      await db.backup(partial);
      // The online backup copies pages as they are: a corrupt database makes a corrupt copy,
      // which must never replace the previous (good) backup.
      const corrupt = quickCheckFile(partial);
      if (corrupt)
        throw new AppError(
          'database-corrupt',
          `database ${db.path} is corrupt (${corrupt}): no backup was written, ${target} is unchanged; ` +
            'restore the latest good backup',
        );
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    const mapped = storageError(err, { path: target });
    if (mapped && mapped.code !== 'database') throw mapped;
    throw new AppError('database', `backup to ${target} failed: ${errorMessage(err)}`);
  }
  return { path: target, bytes: statSync(target).size, ms: Date.now() - started };
}

/**
 * The live database file (or its -wal, -shm or -journal) that `target` names, by whatever
 * path: the same folder and name once links are resolved, or the same inode (a hard link).
 */
function liveFileAt(dbPath: string, target: string): string | null {
  const targetReal = realTarget(target);
  const targetStat = statOrNull(target);
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const file = `${dbPath}${suffix}`;
    const fileStat = statOrNull(file);
    const sameInode =
      targetStat !== null && fileStat !== null && targetStat.dev === fileStat.dev && targetStat.ino === fileStat.ino;
    if (sameInode || realTarget(file) === targetReal) return suffix ? suffix.slice(1) : dbPath;
  }
  return null;
}

/** The path with its folder's links resolved (the file itself may not exist yet). */
function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
