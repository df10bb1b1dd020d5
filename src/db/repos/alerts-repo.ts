import type { Database } from '../database.js';

export interface AlertRecord {
  key: string;
  severity: string;
  title: string;
  text: string;
  fields: Record<string, string | number>;
}

/** True when an alert with this key is open (raised, not yet resolved). */
export async function isOpen(handle: Database, key: string): Promise<boolean> {
  const row = await handle.db
    .selectFrom('alerts')
    .select('id')
    .where('key', '=', key)
    .where('resolved_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** True when an alert with this key was ever recorded (once-per-day alerts carry the day in the key). */
export async function wasSent(handle: Database, key: string): Promise<boolean> {
  const row = await handle.db.selectFrom('alerts').select('id').where('key', '=', key).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function recordAlert(handle: Database, a: AlertRecord, at: string, resolved: boolean): Promise<number> {
  const row = await handle.db
    .insertInto('alerts')
    .values({
      key: a.key,
      severity: a.severity,
      title: a.title,
      text: a.text,
      fields: JSON.stringify(a.fields),
      created_at: at,
      resolved_at: resolved ? at : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function resolveOpen(handle: Database, key: string, at: string): Promise<number> {
  const result = await handle.db
    .updateTable('alerts')
    .set({ resolved_at: at })
    .where('key', '=', key)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function recordDelivery(handle: Database, id: number, delivery: Record<string, string>): Promise<void> {
  await handle.db
    .updateTable('alerts')
    .set({ delivery: JSON.stringify(delivery) })
    .where('id', '=', id)
    .execute();
}
