import type Sqlite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { DB } from '../schema.js';
import { SCHEMA_VERSION } from '../schema-version.js';

/**
 * Brings the file up to SCHEMA_VERSION. SQLite keeps the version in `user_version`; the
 * migrations themselves are dialect-neutral (Kysely's schema builder). One writer migrates
 * under BEGIN IMMEDIATE; a concurrent process waits on the lock, then finds nothing to do.
 */
export async function migrateSqlite(raw: Sqlite.Database, db: Kysely<DB>, path: string): Promise<void> {
  let version = userVersion(raw);
  if (version === SCHEMA_VERSION) return; // the common case: no migration code is loaded
  if (version > SCHEMA_VERSION) throw tooNew(path, version);
  const { migrations } = await import('../migrations/index.js');
  raw.exec('BEGIN IMMEDIATE');
  try {
    version = userVersion(raw);
    if (version > SCHEMA_VERSION) throw tooNew(path, version);
    for (const migration of migrations.slice(version)) {
      await migration.up(db);
    }
    raw.pragma(`user_version = ${SCHEMA_VERSION}`);
    raw.exec('COMMIT');
  } catch (err) {
    if (raw.inTransaction) raw.exec('ROLLBACK');
    throw err;
  }
}

function userVersion(raw: Sqlite.Database): number {
  return raw.pragma('user_version', { simple: true }) as number;
}

function tooNew(path: string, version: number): AppError {
  return new AppError(
    'schema-too-new',
    `database ${path} has schema version ${version}, ` +
      `newer than this agi-tracker supports (${SCHEMA_VERSION}); upgrade agi-tracker`,
  );
}
