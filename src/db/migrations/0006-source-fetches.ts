import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per source per fetch run: the `sources` row holds only today's health, and a
  // weekly digest must tell how its sources fared in that week, not how they do now.
  await db.schema
    .createTable('source_fetches')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // ok, not-modified, failed, paused
    .addColumn('new_items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    // The source's health right after this fetch.
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paused_until', 'text')
    .execute();
  await db.schema.createIndex('source_fetches_source_at').on('source_fetches').columns(['source_id', 'at']).execute();
  await db.schema.createIndex('source_fetches_at').on('source_fetches').column('at').execute();
}
