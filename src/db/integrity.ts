import Sqlite from 'better-sqlite3';

/**
 * SQLite's quick_check: every page and record well-formed (it skips the slower index-content
 * cross-check of integrity_check), linear in the file size. Null when the file is sound, else
 * the first problems found, joined on one line.
 */
export function quickCheck(raw: Sqlite.Database): string | null {
  const rows = raw.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check.replace(/\*\*\* in database \w+ \*\*\*\s*/, '')).filter((m) => m !== 'ok');
  return problems.length ? problems.join('; ').replace(/\s+/g, ' ').slice(0, 500) : null;
}

/** quick_check of a database file that is not open (a fresh backup copy), read-only. */
export function quickCheckFile(path: string): string | null {
  const raw = new Sqlite(path, { readonly: true, fileMustExist: true });
  try {
    return quickCheck(raw);
  } finally {
    raw.close();
  }
}
