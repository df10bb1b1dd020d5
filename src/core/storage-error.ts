import { AppError, type ErrorCode, type ExitCodeValue, ExitCode, errorMessage } from './errors.js';

/**
 * One place that turns what the storage layer throws (better-sqlite3's SqliteError, whose
 * `code` is the SQLite result code name, and Node's ENOSPC/EROFS) into an AppError with a
 * stable code and words an operator can act on. It reads only `code`, so the error boundary
 * can use it without loading better-sqlite3.
 */

/** The database this process opened, for messages raised far from where it was opened. */
let openedDatabase: string | null = null;

export function noteDatabasePath(path: string): void {
  openedDatabase = path;
}

interface Mapping {
  code: ErrorCode;
  exitCode?: ExitCodeValue;
  words: (db: string, detail: string) => string;
}

const READONLY: Mapping = {
  code: 'database-readonly',
  words: (db, detail) =>
    `database ${db} is read-only (${detail}): agi-tracker needs to write the file, its -wal/-shm files ` +
    'and their folder; check permissions and the mount',
};
const FULL: Mapping = {
  code: 'disk-full',
  words: (db, detail) =>
    `the disk holding ${db} is full (${detail}): the transaction in flight rolled back; free space and run again`,
};
const CORRUPT: Mapping = {
  code: 'database-corrupt',
  words: (db, detail) => `database ${db} is corrupt (${detail}): stop writing to it and restore the latest good backup`,
};
const BUSY: Mapping = {
  code: 'database-busy',
  exitCode: ExitCode.locked,
  words: (db, detail) =>
    `database ${db} stayed busy past the busy timeout (${detail}): ` +
    'another process holds its write lock; try again later',
};
const CONSTRAINT: Mapping = {
  code: 'database-constraint',
  words: (db, detail) => `a write to ${db} broke a database rule (${detail}); nothing of that transaction was stored`,
};
const UNREACHABLE: Mapping = {
  code: 'database-unreachable',
  words: (db, detail) => `database server ${db} cannot be reached (${detail}); nothing was changed, try again later`,
};
const AUTH: Mapping = {
  code: 'database-auth',
  words: (db, detail) =>
    `database ${db} refused the connection (${detail}): check the user, password and database name`,
};
const OTHER: Mapping = { code: 'database', words: (db, detail) => `database ${db}: ${detail}` };

function mappingFor(code: string): Mapping | null {
  if (code.startsWith('SQLITE_READONLY')) return READONLY;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return FULL;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return CORRUPT;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return BUSY;
  if (code.startsWith('SQLITE_CONSTRAINT')) return CONSTRAINT;
  if (code === 'EROFS') return READONLY;
  if (code.startsWith('SQLITE_')) return OTHER;
  return null;
}

/** PostgreSQL's SQLSTATE codes (the class is the first two characters) and the network's errors. */
function postgresMapping(code: string): Mapping | null {
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'EPIPE'].includes(code))
    return UNREACHABLE;
  if (!/^[0-9A-Z]{5}$/.test(code)) return null;
  const cls = code.slice(0, 2);
  if (code === '53100') return FULL;
  if (code === '25006') return READONLY;
  if (code === 'XX001' || code === 'XX002') return CORRUPT;
  // Lock waits, deadlocks, serialisation failures and the statement timeout: try again later.
  if (code === '55P03' || code === '40P01' || code === '40001' || code === '57014') return BUSY;
  if (cls === '23') return CONSTRAINT;
  if (cls === '28' || code === '3D000') return AUTH;
  if (cls === '08' || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return UNREACHABLE;
  return ['42', '22', '0A', '53', '54', '55', '58', 'XX'].includes(cls) ? OTHER : null;
}

/**
 * The AppError for a storage failure, or null when `err` is not one. `readOnlyPlace` says the
 * file or its folder cannot be written (SQLite reports that as "unable to open" for WAL files).
 */
export function storageError(err: unknown, options: { path?: string; readOnlyPlace?: boolean } = {}): AppError | null {
  if (err instanceof AppError) return err;
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : '';
  let mapping = mappingFor(code);
  if (!mapping) return null;
  if (options.readOnlyPlace && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')))
    mapping = READONLY;
  const db = options.path ?? openedDatabase ?? 'the database';
  return new AppError(mapping.code, mapping.words(db, errorMessage(err).replace(/^[A-Z]+: /, '')), mapping.exitCode);
}

/**
 * The AppError for what pg throws (SQLSTATE codes, network errors), or null for anything else.
 * Kept apart from storageError: the error boundary must not read an HTTP ECONNRESET as the
 * database's.
 */
export function postgresStorageError(err: unknown, database: string): AppError | null {
  if (err instanceof AppError) return err;
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : '';
  const mapping = postgresMapping(code);
  if (!mapping) return null;
  return new AppError(mapping.code, mapping.words(database, errorMessage(err).split('\n')[0] ?? ''), mapping.exitCode);
}
