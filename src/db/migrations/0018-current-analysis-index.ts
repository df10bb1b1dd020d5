import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Each event's current analysis (the newest `ok` one, an LLM's before the offline analyser's) in
// the order the query that picks it asks for: export, digests and snapshots find it by one index
// seek per event instead of sorting the event's analyses every time. An expression index, which
// SQLite and PostgreSQL both build from the same DDL.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('analyses_current')
    .ifNotExists()
    .on('analyses')
    .expression(sql`event_id, status, (provider = 'offline'), updated_at desc, id desc`)
    .execute();
}
