import type { CompiledQuery, Compilable, QueryResult } from 'kysely';
import type { Executor } from './database.js';

type Slot = { arg: string } | { value: unknown };

const MARK = '\u0000agi-arg:';

/**
 * A query built and compiled once, then run with new values: building and compiling with
 * Kysely costs more than SQLite takes to run the small statements of the hot paths (ingest
 * inserts, claims, ledger reservations). `build` receives placeholders standing for the
 * values, typed as `P`; each run substitutes the real ones into the compiled parameters. The
 * dialect's driver caches what it prepares for the compiled SQL.
 */
export function preparedQuery<P extends Record<string, unknown>, R>(build: (p: P, db: Executor) => Compilable<R>) {
  // One compiled form per dialect (adapter), so the same code serves SQLite and PostgreSQL.
  const compiled = new WeakMap<object, { query: CompiledQuery<R>; slots: Slot[] }>();
  const compile = (db: Executor) => {
    const key = db.getExecutor().adapter.constructor;
    let entry = compiled.get(key);
    if (!entry) {
      const asked = new Set<string>();
      const placeholders = new Proxy({} as P, {
        get: (_, name) => {
          asked.add(String(name));
          return `${MARK}${String(name)}`;
        },
      });
      const query = build(placeholders, db).compile();
      const slots: Slot[] = query.parameters.map((v) =>
        typeof v === 'string' && v.startsWith(MARK) ? { arg: v.slice(MARK.length) } : { value: v },
      );
      const bound = new Set(slots.flatMap((s) => ('arg' in s ? [s.arg] : [])));
      const inlined = [...asked].filter((name) => !bound.has(name));
      // A placeholder compiled into the SQL text itself would run with its marker forever.
      if (inlined.length) throw new Error(`preparedQuery: ${inlined.join(', ')} did not compile to parameters`);
      entry = { query, slots };
      compiled.set(key, entry);
    }
    return entry;
  };
  return async (db: Executor, values: P): Promise<QueryResult<R>> => {
    const { query, slots } = compile(db);
    const parameters = slots.map((s) => ('arg' in s ? values[s.arg] : s.value));
    return db.executeQuery({ ...query, parameters });
  };
}
