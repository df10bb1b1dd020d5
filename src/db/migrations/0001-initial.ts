import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('validators_url', 'text')
    .addColumn('last_fetched_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_new_at', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('disabled_until', 'text')
    .addColumn('pause_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('canonical_url', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('authors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('external_id', 'text')
    .addColumn('primary_category', 'text')
    .addColumn('pdf_url', 'text')
    .addColumn('published_at', 'text')
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .execute();
  // Identity by construction: either key already stored means duplicate.
  await db.schema.createIndex('events_canonical_url').unique().on('events').column('canonical_url').execute();
  await db.schema.createIndex('events_content_hash').unique().on('events').column('content_hash').execute();
  // "When it happened": newest-first listings and the near-duplicate window read this.
  await sql`create index events_seen_at on events (coalesce(published_at, fetched_at), id)`.execute(db);
  await db.schema.createIndex('events_source_published').on('events').columns(['source_id', 'published_at']).execute();

  await db.schema
    .createTable('tombstones')
    .addColumn('canonical_url', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tombstones_url').on('tombstones').column('canonical_url').execute();
  await db.schema.createIndex('tombstones_hash').on('tombstones').column('content_hash').execute();

  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('counts', 'text')
    .addColumn('error', 'text')
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_runs_job_started').on('job_runs').columns(['job', 'started_at']).execute();

  await db.schema
    .createTable('locks')
    .addColumn('job', 'text', (c) => c.primaryKey())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('run_id', 'integer')
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await sql`select 1`.execute(db);
}
