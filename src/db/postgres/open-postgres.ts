import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, sql } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { redactDatabaseUrl } from '../../core/database-url.js';
import { AppError } from '../../core/errors.js';
import { noteDatabasePath, postgresStorageError } from '../../core/storage-error.js';
import type { Database, OpenOptions, PostgresOptions } from '../database.js';
import type { DB } from '../schema.js';
import { WRITE_LOCK } from './advisory-locks.js';
import { currentVersion, migratePostgres } from './migrate-postgres.js';
import { hasUniqueIndex, quickCheck } from './postgres-maintenance.js';
import { postgresFullTextMatches } from './postgres-search.js';

/**
 * Row values as the SQLite driver gives them: 64-bit integers (ids, counts, sums of integers)
 * and numerics (averages) as JavaScript numbers rather than strings. Every such value here is
 * far below 2^53 (ids, token counts, bytes).
 */
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * Opens a PostgreSQL database by URL (TLS as its `sslmode` says) and brings its schema up to
 * date. A small pool: a job runs one query at a time, so a few connections cover the writer,
 * a reader and the lease renewal. Every statement runs under a timeout, so a lock held by a
 * stuck client fails a run in bounded time instead of hanging it.
 */
export async function openPostgresDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const shown = redactDatabaseUrl(url);
  const settings: PostgresOptions = { poolSize: 4, statementTimeoutMs: 60_000, connectTimeoutMs: 10_000, ...options };
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    statement_timeout: settings.statementTimeoutMs || undefined,
    idleTimeoutMillis: 10_000,
    application_name: 'agi-tracker',
    types,
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  noteDatabasePath(shown);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: mappedPool(pool, shown), cursor: Cursor }) });
  const mapped = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw postgresError(err, shown, what);
    }
  };
  const handle: Database = {
    dialect: 'postgres',
    db,
    path: shown,
    // A transaction-scoped advisory lock taken first: PostgreSQL's equivalent of SQLite's
    // BEGIN IMMEDIATE. Every writer on every host queues on the same lock, so a check-then-write
    // (the budget's reservation above all) can never interleave with another.
    writeTransaction: (fn) =>
      mapped('write', () =>
        db.transaction().execute(async (trx) => {
          await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(trx);
          return fn(trx);
        }),
      ),
    remote: true,
    rowLocks: true,
    claimTransaction: (fn) => mapped('claim', () => db.transaction().execute(fn)),
    backup: () =>
      Promise.reject(
        new AppError(
          'usage',
          `backup writes a SQLite file; ${shown} is PostgreSQL: use pg_dump, ` +
            'or `agi-tracker db copy --from <url> --to <file.db>`',
        ),
      ),
    vacuum: () => mapped('vacuum', async () => void (await sql`vacuum (analyze)`.execute(db))),
    sizeBytes: () =>
      mapped('size', async () => {
        const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(db);
        return Number(rows[0]?.bytes ?? 0);
      }),
    quickCheck: () => mapped('check', () => quickCheck(db)),
    hasUniqueIndex: (table, column) => mapped('index list', () => hasUniqueIndex(db, table, column)),
    fullTextMatches: postgresFullTextMatches,
    close: () => db.destroy(),
  };
  try {
    // One read of the schema version at every start: it answers both questions below.
    const version = await mapped('open', () => currentVersion(db));
    // A read-only command on a server without our schema: say so rather than create it.
    if (options.mustExist && version === 0) {
      throw new AppError('not-found', `database ${shown} holds no agi-tracker record yet (run \`agi-tracker fetch\`)`);
    }
    await mapped('migration', () => migratePostgres(db, shown, version));
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return handle;
}

/** Maps what pg throws to an AppError with a stable code, naming the database without its password. */
export function postgresError(err: unknown, shown: string, what: string): AppError {
  if (err instanceof AppError) return err;
  const mapped = postgresStorageError(err, shown);
  if (mapped) return mapped;
  const message = err instanceof Error ? err.message : String(err);
  // pg's own connection failures carry no code.
  if (/timeout exceeded when trying to connect|Connection terminated|connect ECONN/i.test(message)) {
    return new AppError(
      'database-unreachable',
      `database server ${shown} cannot be reached (${message}); try again later`,
    );
  }
  return new AppError('database', `${what} on database ${shown} failed: ${message.split('\n')[0]}`);
}

/**
 * The pool as Kysely's dialect sees it, with what pg throws (connection refused, timeouts,
 * constraint, disk full …) turned into AppErrors where every query runs, as the SQLite module
 * does in its driver: repos never see a raw driver error.
 */
function mappedPool(pool: pg.Pool, shown: string): PostgresPool {
  return {
    connect: async () => {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw postgresError(err, shown, 'connecting');
      }
      return {
        query: ((text: unknown, parameters?: unknown[]) => {
          if (typeof text !== 'string') return client.query(text as never); // a cursor: streamed
          return client.query(text, parameters).catch((err: unknown) => {
            throw postgresError(err, shown, 'a query');
          });
        }) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}
