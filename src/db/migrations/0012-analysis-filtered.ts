import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  // An analysis row of status `filtered` holds an event back from the model under config
  // `filters`; this is the fingerprint of the filters that did it, so a change of filters
  // puts those events back in line (and unchanged filters never re-check them).
  await db.schema.alterTable('analyses').addColumn('filters_hash', 'text').execute();
}
