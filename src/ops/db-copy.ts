import { type Kysely, sql } from 'kysely';
import { redactDatabaseUrl } from '../core/database-url.js';
import { AppError } from '../core/errors.js';
import type { Database, Executor } from '../db/open-database.js';
import type { DB } from '../db/schema.js';

/**
 * Every table `db copy` carries, in an order that respects their references, with the key
 * that orders each stream. Typed against the schema, so a table added to DB without a line
 * here fails the type-check instead of being left behind. `locks` is not copied: a lock
 * belongs to a process on the source's side.
 */
const TABLES: Record<Exclude<keyof DB, 'locks'>, { order: string | null }> = {
  sources: { order: 'id' },
  events: { order: 'id' },
  tombstones: { order: null },
  job_runs: { order: 'id' },
  source_fetches: { order: 'id' },
  analyses: { order: 'id' },
  llm_calls: { order: 'id' },
  notices: { order: null },
  alerts: { order: 'id' },
  leaderboard_entries: { order: null },
  observations: { order: 'id' },
  snapshots: { order: null },
  snapshot_evidence: { order: null },
  digests: { order: 'week' },
  email_sends: { order: 'id' },
  eval_runs: { order: 'id' },
  reviews: { order: 'id' },
  llm_batches: { order: 'id' },
  llm_batch_requests: { order: 'id' },
  signpost_readings: { order: 'id' },
};
const ORDER = Object.keys(TABLES) as (keyof typeof TABLES)[];

/** Rows per insert statement: within SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const BATCH_ROWS = 200;

export interface CopyReport {
  from: string;
  to: string;
  rows: Record<string, number>;
  ledger: { costUsd: number; reservedUsd: number };
  ms: number;
}

// Tables are copied generically, by name: their row types differ and are not needed here.
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;
const untyped = (db: Executor) => db as unknown as AnyDb;

/**
 * Copies a whole record into an empty database of either backend (SQLite → PostgreSQL to move
 * to shared state, and back for a local copy). All or nothing: the source is read from one
 * consistent snapshot, the target written in one write transaction that also checks, before
 * it commits, every table's row count and the ledger's totals against the source's. Ids are
 * kept, so references between tables hold.
 */
export async function copyDatabase(source: Database, target: Database): Promise<CopyReport> {
  const started = Date.now();
  if (await holdsData(target.db)) {
    throw new AppError(
      'usage',
      `the target ${target.path} already holds a record: db copy writes only into an empty database`,
    );
  }
  const report = await source.db
    .transaction()
    .setIsolationLevel('repeatable read') // PostgreSQL: one snapshot; SQLite: a read transaction is one
    .execute(async (snapshot) => {
      const expected = await census(snapshot);
      const rows = await target.writeTransaction(async (trx) => {
        const copied: Record<string, number> = {};
        for (const table of ORDER) copied[table] = await copyTable(snapshot, trx, table);
        if (target.dialect === 'postgres') await resetIdentities(trx);
        const found = await census(trx);
        for (const table of ORDER) {
          if (found.rows[table] !== expected.rows[table]) {
            throw new AppError(
              'database',
              `db copy: ${table} has ${found.rows[table]} rows in the target, ${expected.rows[table]} in the source; ` +
                'nothing was written',
            );
          }
        }
        if (!sameMoney(found.ledger, expected.ledger)) {
          throw new AppError(
            'database',
            `db copy: the ledger's totals differ (target ${JSON.stringify(found.ledger)}, ` +
              `source ${JSON.stringify(expected.ledger)}); nothing was written`,
          );
        }
        return copied;
      });
      return {
        from: redactDatabaseUrl(source.path),
        to: redactDatabaseUrl(target.path),
        rows,
        ledger: expected.ledger,
        ms: 0,
      };
    });
  // PostgreSQL plans from statistics that only ANALYZE gathers; a freshly copied record has none
  // until autovacuum comes round, and the first snapshot or digest would pay for it
  // (bench/postgres.js: 30–40% slower on 50,000 events).
  if (target.dialect === 'postgres') await sql`analyze`.execute(target.db);
  return { ...report, ms: Date.now() - started };
}

async function copyTable(from: Executor, to: Executor, table: string): Promise<number> {
  const { order } = TABLES[table as keyof typeof TABLES];
  let query = untyped(from).selectFrom(table).selectAll();
  if (order) query = query.orderBy(order);
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await untyped(to).insertInto(table).values(batch).execute();
    count += batch.length;
    batch = [];
  };
  for await (const row of query.stream(BATCH_ROWS)) {
    batch.push(row);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  return count;
}

/** After ids were copied as they are, PostgreSQL's identity columns must continue above them. */
async function resetIdentities(trx: Executor): Promise<void> {
  for (const [table, { order }] of Object.entries(TABLES)) {
    if (order !== 'id' || table === 'sources') continue;
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(
      table,
    )}), 0) + 1, false)`.execute(trx);
  }
}

async function holdsData(db: Executor): Promise<boolean> {
  for (const table of ['events', 'llm_calls', 'job_runs', 'snapshots'] as const) {
    const row = await untyped(db)
      .selectFrom(table)
      .select((eb) => eb.lit(1).as('one'))
      .limit(1)
      .executeTakeFirst();
    if (row) return true;
  }
  return false;
}

async function census(db: Executor) {
  const rows: Record<string, number> = {};
  for (const table of ORDER) {
    const row = await untyped(db)
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    rows[table] = Number(row.n);
  }
  const ledger = await db
    .selectFrom('llm_calls')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('cost_usd'), eb.lit(0)).as('cost'),
      eb.fn.coalesce(eb.fn.sum<number>('reserved_usd'), eb.lit(0)).as('reserved'),
    ])
    .executeTakeFirstOrThrow();
  return { rows, ledger: { costUsd: Number(ledger.cost), reservedUsd: Number(ledger.reserved) } };
}

/** Sums of the same doubles in another order may differ in the last bits, never by a micro-dollar. */
function sameMoney(a: { costUsd: number; reservedUsd: number }, b: { costUsd: number; reservedUsd: number }) {
  return Math.abs(a.costUsd - b.costUsd) < 1e-9 && Math.abs(a.reservedUsd - b.reservedUsd) < 1e-9;
}
