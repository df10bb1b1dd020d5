import type Sqlite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { storageError } from '../../core/storage-error.js';

/** Statements kept per connection; dynamic SQL (IN lists of varying length) cannot grow it past this. */
const MAX_CACHED = 500;

/**
 * better-sqlite3 as Kysely's SqliteDialect sees it, with two things added where every query
 * runs: each SQL text is prepared once per connection and reused (preparing costs more than
 * running the small statements of the hot paths), and what SQLite throws (busy, read-only,
 * full, corrupt, constraint) becomes an AppError with a stable code, never "internal".
 */
export function statementCache(raw: Sqlite.Database, path: string): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  const mapped = <T>(run: () => T): T => {
    try {
      return run();
    } catch (err) {
      const appError = storageError(err, { path });
      if (!appError) throw err;
      appError.cause = err; // the open path re-reads it (a read-only folder says "unable to open")
      throw appError;
    }
  };
  return {
    close: () => raw.close(),
    prepare: (sql) => {
      let stmt = cache.get(sql);
      if (!stmt) {
        const prepared = mapped(() => raw.prepare(sql));
        stmt = {
          reader: prepared.reader,
          all: (parameters) => mapped(() => prepared.all(...parameters)),
          run: (parameters) => mapped(() => prepared.run(...parameters)),
          iterate: (parameters) => mapped(() => iterateMapped(prepared.iterate(...parameters), mapped)),
        };
        if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

function* iterateMapped(rows: IterableIterator<unknown>, mapped: <T>(run: () => T) => T): IterableIterator<unknown> {
  try {
    for (;;) {
      const next = mapped(() => rows.next());
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // A reader that stops early (a closed pipe) must free the statement: until then the
    // connection is busy and cannot run another query or close.
    rows.return?.();
  }
}
