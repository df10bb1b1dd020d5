import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  // The last table read from each leaderboard: what "a new best" and "a new top 5" compare against.
  await db.schema
    .createTable('leaderboard_entries')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('board', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('entry_date', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('leaderboard_entries_pk', ['source_id', 'board', 'model'])
    .execute();

  // Signpost observations that do not come from an analysis (leaderboards).
  await db.schema
    .createTable('observations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('signpost', 'text', (c) => c.notNull())
    .addColumn('value', 'real', (c) => c.notNull())
    .addColumn('observed_on', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('event_id', 'integer')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('observations_identity')
    .unique()
    .on('observations')
    .columns(['source_id', 'signpost', 'model', 'value', 'observed_on'])
    .execute();
  await db.schema
    .createIndex('observations_signpost')
    .on('observations')
    .columns(['signpost', 'observed_on'])
    .execute();

  await db.schema
    .createTable('snapshots')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('preset', 'text', (c) => c.notNull())
    .addColumn('overall', 'real', (c) => c.notNull())
    .addColumn('capability', 'real', (c) => c.notNull())
    .addColumn('safety_margin', 'real', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('snapshots_pk', ['date', 'preset'])
    .execute();

  // The events behind each stored snapshot's signpost values: cleanup keeps them.
  await db.schema
    .createTable('snapshot_evidence')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('signpost', 'text', (c) => c.notNull())
    .addColumn('event_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('snapshot_evidence_pk', ['date', 'signpost', 'event_id'])
    .execute();
  await db.schema.createIndex('snapshot_evidence_event').on('snapshot_evidence').column('event_id').execute();

  await db.schema
    .createTable('digests')
    .addColumn('week', 'text', (c) => c.primaryKey()) // YYYY-Www
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('markdown', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
}
