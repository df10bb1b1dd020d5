import type Sqlite from 'better-sqlite3';
import { openSqliteFile } from './sqlite-addon.js';

/**
 * SQLite's quick_check: every page and record well-formed (it skips the slower index-content
 * cross-check of integrity_check), linear in the file size. Null when the file is sound, else
 * the first problems found, joined on one line.
 */
export function quickCheck(raw: Sqlite.Database): string | null {
  const rows = raw.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
  const problems = rows
    .map((r) => r.quick_check.replace(/\*\*\* in database \w+ \*\*\*\s*/, ''))
    .filter((m) => m !== 'ok');
  return problems.length ? problems.join('; ').replace(/\s+/g, ' ').slice(0, 500) : null;
}

/** quick_check of a database file that is not open (a fresh backup copy), read-only. */
export function quickCheckFile(path: string): string | null {
  const raw = openSqliteFile(path, { readonly: true, fileMustExist: true });
  try {
    // Read through mmap: a check reads every page once (a fresh local copy, not the live file).
    raw.pragma('mmap_size = 1099511627776');
    return quickCheck(raw);
  } finally {
    raw.close();
  }
}

/** Database size in bytes (pages × page size), as VACUUM changes it. */
export function databaseBytes(raw: Sqlite.Database): number {
  const pages = raw.pragma('page_count', { simple: true }) as number;
  const size = raw.pragma('page_size', { simple: true }) as number;
  return pages * size;
}

/** VACUUM with the WAL folded in before and after, so the file on disk really shrinks. */
export function vacuum(raw: Sqlite.Database): void {
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.exec('VACUUM');
  raw.pragma('wal_checkpoint(TRUNCATE)');
}

/** Whether a full (not partial) UNIQUE index on exactly `column` exists on `table`. */
export function hasUniqueIndex(raw: Sqlite.Database, table: string, column: string): boolean {
  const indexes = raw.prepare('select name, "unique" as isUnique, partial from pragma_index_list(?)').all(table) as {
    name: string;
    isUnique: number;
    partial: number;
  }[];
  return indexes.some((ix) => {
    if (!ix.isUnique || ix.partial) return false;
    const cols = raw.prepare('select name from pragma_index_info(?)').pluck().all(ix.name);
    return cols.length === 1 && cols[0] === column;
  });
}
