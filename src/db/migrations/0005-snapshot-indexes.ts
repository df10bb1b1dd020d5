import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.

const ANALYSES_WITH_SIGNPOSTS =
  "create index analyses_with_signposts on analyses (event_id) where status = 'ok' and signposts != '[]'";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  // The analyses that carry signpost readings: a snapshot reads only these, and they are a
  // small share of all analyses (a partial index, so it costs nothing for the rest).
  await sql.raw(ANALYSES_WITH_SIGNPOSTS).execute(db);
  // A snapshot counts the analyses completed on its day.
  await db.schema.createIndex('analyses_updated_at').on('analyses').column('updated_at').execute();
}
