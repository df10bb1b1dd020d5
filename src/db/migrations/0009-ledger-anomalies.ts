import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  // Why a call's reported usage was not believed (it then settled at its worst case).
  await db.schema.alterTable('llm_calls').addColumn('anomaly', 'text').execute();
  // Earlier versions settled whatever usage an endpoint reported: a cost outside [0, the
  // reservation] (negative, or past the worst case) is corrected to the reservation, the
  // worst case that was admitted under the limit, and marked as an anomaly.
  await sql`update llm_calls set cost_usd = reserved_usd,
      anomaly = 'settled outside [0, its reservation] by an earlier version: counted at its worst case'
    where state = 'settled' and not (cost_usd >= 0 and cost_usd <= reserved_usd)`.execute(db);
}
