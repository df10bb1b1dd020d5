import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  // A running job run holds a lease, renewed while it runs: a run whose process died on
  // another host (where its pid cannot be checked) is known dead once the lease expires.
  await db.schema.alterTable('job_runs').addColumn('lease_until', 'text').execute();
  // Every job start looks for runs left `running`: a partial index keeps that free.
  await sql`create index job_runs_running on job_runs (id) where status = 'running'`.execute(db);
}
