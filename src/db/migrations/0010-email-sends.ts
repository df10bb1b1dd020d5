import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  // Each email delivered: a digest goes to a recipient once per week (unless --force).
  await db.schema
    .createTable('email_sends')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull()) // digest
    .addColumn('key', 'text', (c) => c.notNull()) // what was sent: the ISO week 2026-W46
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('email_sends_once')
    .on('email_sends')
    .columns(['kind', 'key', 'recipient'])
    .unique()
    .execute();
}
