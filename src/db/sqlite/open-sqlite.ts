import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type Sqlite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { AppError, errorMessage } from '../../core/errors.js';
import { noteDatabasePath, storageError } from '../../core/storage-error.js';
import type { Database, Executor, OpenOptions } from '../database.js';
import type { DB } from '../schema.js';
import { migrateSqlite } from './migrate-sqlite.js';
import { openSqliteFile } from './sqlite-addon.js';
import { databaseBytes, hasUniqueIndex, quickCheck, vacuum } from './sqlite-maintenance.js';
import { sqliteFullTextMatches } from './sqlite-search.js';
import { statementCache } from './sqlite-statements.js';

const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

/** SQLite caps it at its compile-time maximum (2 GB by default). */
const MMAP_BYTES = 2 ** 40;
/** A backup step larger than any file: the online backup copies everything in one step. */
const WHOLE_FILE_PAGES = 0x7fffffff;

/** Opens (creating when needed) and migrates a SQLite file; refuses one from a newer schema. */
export async function openSqliteDatabase(path: string, options: OpenOptions = {}): Promise<Database> {
  if (options.mustExist && !existsSync(path)) {
    throw new AppError('not-found', `database not found: ${path} (run \`agi-tracker fetch\` first, or pass --db)`);
  }
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new AppError('database', `database directory does not exist: ${dir}`);
  }
  let raw: Sqlite.Database;
  try {
    raw = openSqliteFile(path);
    raw.pragma('busy_timeout = 10000');
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('cache_size = -16384'); // 16 MB: index pages stay hot during a large ingest
    // Checkpoint every ~40 MB of WAL rather than every 4 MB: far fewer page rewrites when
    // thousands of rows arrive at once; the WAL file is trimmed back after a checkpoint.
    raw.pragma('wal_autocheckpoint = 10000');
    raw.pragma('journal_size_limit = 67108864');
  } catch (err) {
    throw openError(err, path);
  }
  noteDatabasePath(path);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: statementCache(raw, path) }) });
  const mapped = async <T>(what: string, run: () => T): Promise<T> => {
    try {
      return run();
    } catch (err) {
      throw storageError(err, { path }) ?? new AppError('database', `${what} of ${path} failed: ${errorMessage(err)}`);
    }
  };
  // SQLite has one connection per process: holding it (Kysely's connection mutex) keeps this
  // process's other queries out; BEGIN IMMEDIATE keeps other processes out.
  const writeTransaction: Database['writeTransaction'] = (fn) =>
    db.connection().execute(async (conn: Executor) => {
      await conn.executeQuery(BEGIN_IMMEDIATE);
      try {
        const out = await fn(conn);
        await conn.executeQuery(COMMIT);
        return out;
      } catch (err) {
        // SQLite may have rolled back already (disk full, interrupted).
        if (raw.inTransaction) await conn.executeQuery(ROLLBACK);
        throw err;
      }
    });
  const handle: Database = {
    dialect: 'sqlite',
    db,
    path,
    writeTransaction,
    remote: false,
    rowLocks: false,
    claimTransaction: writeTransaction,
    // Page-by-page online backup: other processes keep writing meanwhile.
    backup: async (target) => {
      // One step for the whole file (not 100 pages per turn of the event loop), reading the
      // source through mmap: no read() and copy per page. mmap only for this copy, then off again
      // (an I/O error under mmap is a signal, not an error code).
      raw.pragma(`mmap_size = ${MMAP_BYTES}`);
      try {
        await raw.backup(target, { progress: () => WHOLE_FILE_PAGES });
      } finally {
        raw.pragma('mmap_size = 0');
      }
    },
    vacuum: () => mapped('vacuum', () => vacuum(raw)),
    sizeBytes: () => mapped('size', () => databaseBytes(raw)),
    quickCheck: () => mapped('integrity check', () => quickCheck(raw)),
    hasUniqueIndex: (table, column) => mapped('index list', () => hasUniqueIndex(raw, table, column)),
    fullTextMatches: sqliteFullTextMatches,
    close: () => db.destroy(), // closes the connection too
  };
  try {
    await migrateSqlite(raw, db, path);
  } catch (err) {
    await handle.close();
    throw openError(err, path, 'prepare');
  }
  return handle;
}

/** Read-only, corrupt, full or busy get their own codes; anything else says it could not open. */
function openError(thrown: unknown, path: string, verb = 'open'): AppError {
  if (thrown instanceof AppError && thrown.code !== 'database') return thrown;
  const err = thrown instanceof AppError && thrown.cause ? thrown.cause : thrown;
  const mapped = err instanceof AppError ? null : storageError(err, { path, readOnlyPlace: !writable(path) });
  if (mapped && mapped.code !== 'database') return mapped;
  return new AppError('database', `cannot ${verb} database ${path}: ${errorMessage(err)}`);
}

/** SQLite reports a read-only folder or mount as "unable to open" (it cannot create the WAL files). */
function writable(path: string): boolean {
  try {
    accessSync(dirname(path), constants.W_OK);
    if (existsSync(path)) accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
