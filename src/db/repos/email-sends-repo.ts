import type { Database } from '../database.js';

/** When `kind`/`key` was last delivered to the recipient, or null. */
export async function sentAt(handle: Database, kind: string, key: string, recipient: string): Promise<string | null> {
  const row = await handle.db
    .selectFrom('email_sends')
    .select('sent_at')
    .where('kind', '=', kind)
    .where('key', '=', key)
    .where('recipient', '=', recipient)
    .executeTakeFirst();
  return row?.sent_at ?? null;
}

/** Records a delivery (a forced resend moves its time). */
export async function recordSend(
  handle: Database,
  kind: string,
  key: string,
  recipient: string,
  at: string,
): Promise<void> {
  await handle.db
    .insertInto('email_sends')
    .values({ kind, key, recipient, sent_at: at })
    .onConflict((oc) => oc.columns(['kind', 'key', 'recipient']).doUpdateSet({ sent_at: at }))
    .execute();
}
