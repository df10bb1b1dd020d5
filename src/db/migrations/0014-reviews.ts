import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  // Human decisions on events, append-only (a later decision supersedes an earlier one; none is
  // ever rewritten): approve, reject (the event's analysed readings stop counting), set (a
  // corrected reading of one signpost) and retract (the event itself was wrong). Apart from
  // analyses, so a re-analysis never touches them.
  await db.schema
    .createTable('reviews')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('event_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('signpost', 'text')
    .addColumn('value', 'real')
    .addColumn('reason', 'text')
    .addColumn('reviewer', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviews_event').ifNotExists().on('reviews').columns(['event_id', 'id']).execute();
}
