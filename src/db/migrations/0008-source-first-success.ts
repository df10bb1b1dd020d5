import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  // When a source first answered: a source that answers but never brings anything new is
  // silent since then, and goes stale like one that stopped bringing news.
  await db.schema.alterTable('sources').addColumn('first_success_at', 'text').execute();
  // Existing rows: the last success is the best we know (later than the truth, so never a false alarm).
  await sql`update sources set first_success_at = last_success_at`.execute(db);
}
