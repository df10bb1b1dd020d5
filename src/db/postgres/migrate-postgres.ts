import { type Kysely, sql } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { DB } from '../schema.js';
import { SCHEMA_VERSION } from '../schema-version.js';
import { MIGRATION_LOCK } from './advisory-locks.js';
import { PostgresDdlPlugin } from './postgres-ddl.js';

/**
 * Brings the database up to SCHEMA_VERSION, kept in a one-row table `agi_tracker_schema`. The
 * same dialect-neutral migrations as SQLite's, with column types adapted (PostgresDdlPlugin).
 * One migrator at a time: the rest wait on a transaction-scoped advisory lock, then find
 * nothing to do. PostgreSQL's DDL is transactional, so a failed migration leaves nothing behind.
 */
export async function migratePostgres(db: Kysely<DB>, shown: string, versionAtOpen: number): Promise<void> {
  if (versionAtOpen === SCHEMA_VERSION) return; // the common case
  const { migrations } = await import('../migrations/index.js');
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`create table if not exists agi_tracker_schema (version integer not null)`.execute(trx);
    const version = await currentVersion(trx);
    if (version > SCHEMA_VERSION) throw tooNew(shown, version);
    const ddl = trx.withPlugin(new PostgresDdlPlugin());
    for (const migration of migrations.slice(version)) await migration.up(ddl);
    await sql`delete from agi_tracker_schema`.execute(trx);
    await sql`insert into agi_tracker_schema (version) values (${SCHEMA_VERSION})`.execute(trx);
  });
}

/** The schema version stored, 0 on a database without our schema. */
export async function currentVersion(db: Kysely<DB>): Promise<number> {
  const { rows: table } = await sql<{
    present: boolean;
  }>`select to_regclass('agi_tracker_schema') is not null as present`.execute(db);
  if (!table[0]?.present) return 0;
  const { rows } = await sql<{
    version: number | null;
  }>`select max(version) as version from agi_tracker_schema`.execute(db);
  return Number(rows[0]?.version ?? 0);
}

function tooNew(shown: string, version: number): AppError {
  return new AppError(
    'schema-too-new',
    `database ${shown} has schema version ${version}, newer than this agi-tracker supports (${SCHEMA_VERSION}); ` +
      'upgrade agi-tracker',
  );
}
