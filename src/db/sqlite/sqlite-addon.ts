import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Sqlite from 'better-sqlite3';

let addon: string | null | undefined;

/**
 * better-sqlite3's compiled addon, named where npm's install puts it (its build/Release), or
 * null when it is not there. Left to itself better-sqlite3 finds it through `bindings`, which
 * tries a dozen folders (a failed require each), and which cannot work once better-sqlite3's
 * JavaScript is in the bundle: it looks beside the file that calls it.
 */
function addonPath(): string | null {
  if (addon !== undefined) return addon;
  try {
    const root = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
    const file = join(root, 'build', 'Release', 'better_sqlite3.node');
    addon = existsSync(file) ? file : null;
  } catch {
    addon = null;
  }
  return addon;
}

/** `new Sqlite(path, options)`, with the addon named when it was found. */
export function openSqliteFile(path: string, options: Sqlite.Options = {}): Sqlite.Database {
  const nativeBinding = addonPath();
  return new Sqlite(path, nativeBinding ? { ...options, nativeBinding } : options);
}
