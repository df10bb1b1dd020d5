import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// OpenAI Batch API submissions (`analyze --batch`): one row per batch sent, one per request in it
// (keyed by its custom_id, pointing at the event's analysis claim and the ledger reservation that
// holds its worst case) with its own state, so collecting settles each request once.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('llm_batches')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('prompt_version', 'text', (c) => c.notNull())
    .addColumn('input_file_id', 'text', (c) => c.notNull())
    .addColumn('output_file_id', 'text')
    .addColumn('error_file_id', 'text')
    // open (waiting for results) or closed (collected, or expired, failed or cancelled as a whole).
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('remote_status', 'text', (c) => c.notNull())
    .addColumn('requests', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('job_run_id', 'integer')
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('llm_batches_remote')
    .ifNotExists()
    .unique()
    .on('llm_batches')
    .column('remote_id')
    .execute();
  await db.schema.createIndex('llm_batches_state').ifNotExists().on('llm_batches').columns(['state', 'id']).execute();
  await db.schema
    .createTable('llm_batch_requests')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('batch_id', 'integer', (c) => c.notNull())
    .addColumn('custom_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'integer', (c) => c.notNull())
    .addColumn('analysis_id', 'integer', (c) => c.notNull())
    .addColumn('llm_call_id', 'integer', (c) => c.notNull())
    // The reservation's token bounds: usage beyond them is not believed when settling.
    .addColumn('max_input_tokens', 'integer', (c) => c.notNull())
    .addColumn('max_output_tokens', 'integer', (c) => c.notNull())
    // open, analyzed, invalid (answered, rejected like a live answer) or released (never billed).
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createIndex('llm_batch_requests_custom')
    .ifNotExists()
    .unique()
    .on('llm_batch_requests')
    .columns(['batch_id', 'custom_id'])
    .execute();
}
