import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analyses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('event_id', 'integer', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('prompt_version', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | ok | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_until', 'text')
    .addColumn('lease_token', 'text') // which run holds the claim; a run never re-claims its own
    .addColumn('significance', 'real')
    .addColumn('tier', 'text')
    .addColumn('categories', 'text')
    .addColumn('signposts', 'text')
    .addColumn('summary', 'text')
    .addColumn('rationale', 'text')
    .addColumn('reused_from', 'integer')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('analyses_event_version')
    .unique()
    .on('analyses')
    .columns(['event_id', 'provider', 'model', 'prompt_version'])
    .execute();
  await db.schema
    .createIndex('analyses_reuse')
    .on('analyses')
    .columns(['content_hash', 'model', 'prompt_version', 'status'])
    .execute();

  await db.schema
    .createTable('llm_calls')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // reserved | settled | released
    .addColumn('reserved_usd', 'real', (c) => c.notNull())
    .addColumn('cost_usd', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('input_tokens', 'integer')
    .addColumn('cached_tokens', 'integer')
    .addColumn('output_tokens', 'integer')
    .addColumn('lease_until', 'text', (c) => c.notNull())
    .addColumn('event_id', 'integer')
    .addColumn('job_run_id', 'integer')
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('settled_at', 'text')
    .addColumn('note', 'text')
    .execute();
  // Covering: today's total is summed from the index alone on every reservation.
  await db.schema
    .createIndex('llm_calls_day_cost')
    .on('llm_calls')
    .columns(['day', 'state', 'cost_usd', 'reserved_usd', 'lease_until'])
    .execute();
  // Open reservations whose lease ran out are found without a scan.
  await db.schema.createIndex('llm_calls_open').on('llm_calls').columns(['state', 'lease_until']).execute();

  await db.schema
    .createTable('notices')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notices_pk', ['day', 'kind'])
    .execute();
}
