import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { AppError, errorMessage } from '../core/errors.js';
import { noteDatabasePath, storageError } from '../core/storage-error.js';
import type { DB } from './schema.js';
import { SCHEMA_VERSION } from './schema-version.js';

export interface Database {
  /** The query builder, loaded on first use: kysely alone costs more than Node's start-up. */
  kysely(): Promise<Kysely<DB>>;
  /** The same connection, for hot paths and light commands that want plain prepared statements. */
  raw: Sqlite.Database;
  /** A prepared statement for this SQL, compiled once per connection and reused. */
  prepare(sql: string): Sqlite.Statement;
  path: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Read-only commands: a missing file is an error, not a new empty database. */
  mustExist?: boolean;
}

/** Opens (creating when needed) and migrates the database; refuses one from a newer schema. */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<Database> {
  if (options.mustExist && !existsSync(path)) {
    throw new AppError('not-found', `database not found: ${path} (run \`agi-tracker fetch\` first, or pass --db)`);
  }
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new AppError('database', `database directory does not exist: ${dir}`);
  }
  let raw: Sqlite.Database;
  try {
    raw = new Sqlite(path);
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
  let builder: Promise<Kysely<DB>> | null = null;
  // Compiling SQL costs more than running it for the small statements of the hot paths.
  const statements = new Map<string, Sqlite.Statement>();
  const handle: Database = {
    raw,
    path,
    prepare: (sql) => {
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = raw.prepare(sql);
        statements.set(sql, stmt);
      }
      return stmt;
    },
    kysely: () => {
      builder ??= import('kysely').then(({ Kysely, SqliteDialect }) => new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) }));
      return builder;
    },
    close: async () => {
      if (builder) await (await builder).destroy(); // closes the connection too
      else raw.close();
    },
  };
  try {
    await migrate(handle);
  } catch (err) {
    await handle.close();
    throw openError(err, path, 'prepare');
  }
  return handle;
}

/** Read-only, corrupt, full or busy get their own codes; anything else says it could not open. */
function openError(err: unknown, path: string, verb = 'open'): AppError {
  if (err instanceof AppError) return err;
  const mapped = storageError(err, { path, readOnlyPlace: !writable(path) });
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

function schemaVersion(raw: Sqlite.Database): number {
  return raw.pragma('user_version', { simple: true }) as number;
}

async function migrate(handle: Database): Promise<void> {
  let version = schemaVersion(handle.raw);
  if (version === SCHEMA_VERSION) return; // the common case: no migration code is loaded
  if (version > SCHEMA_VERSION) throw tooNew(handle.path, version);
  const { migrations } = await import('./migrations/index.js');
  const db = await handle.kysely();
  // One writer migrates; a concurrent process waits on the lock, then finds nothing to do.
  handle.raw.exec('BEGIN IMMEDIATE');
  try {
    version = schemaVersion(handle.raw);
    if (version > SCHEMA_VERSION) throw tooNew(handle.path, version);
    for (const migration of migrations.slice(version)) {
      await migration.up(db);
    }
    handle.raw.pragma(`user_version = ${SCHEMA_VERSION}`);
    handle.raw.exec('COMMIT');
  } catch (err) {
    if (handle.raw.inTransaction) handle.raw.exec('ROLLBACK');
    throw err;
  }
}

function tooNew(path: string, version: number): AppError {
  return new AppError(
    'schema-too-new',
    `database ${path} has schema version ${version}, newer than this agi-tracker supports (${SCHEMA_VERSION}); upgrade agi-tracker`,
  );
}
