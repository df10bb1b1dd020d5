import type { Database } from '../open-database.js';

export interface AlertRecord {
  key: string;
  severity: string;
  title: string;
  text: string;
  fields: Record<string, string | number>;
}

/** True when an alert with this key is open (raised, not yet resolved). */
export function isOpen(handle: Database, key: string): boolean {
  return handle.prepare('select 1 from alerts where key = ? and resolved_at is null limit 1').pluck().get(key) !== undefined;
}

/** True when an alert with this key was ever recorded (once-per-day alerts carry the day in the key). */
export function wasSent(handle: Database, key: string): boolean {
  return handle.prepare('select 1 from alerts where key = ? limit 1').pluck().get(key) !== undefined;
}

export function recordAlert(handle: Database, a: AlertRecord, at: string, resolved: boolean): number {
  const info = handle
    .prepare(
      'insert into alerts (key, severity, title, text, fields, created_at, resolved_at) values (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(a.key, a.severity, a.title, a.text, JSON.stringify(a.fields), at, resolved ? at : null);
  return Number(info.lastInsertRowid);
}

export function resolveOpen(handle: Database, key: string, at: string): number {
  return handle.prepare('update alerts set resolved_at = ? where key = ? and resolved_at is null').run(at, key).changes;
}

export function recordDelivery(handle: Database, id: number, delivery: Record<string, string>): void {
  handle.prepare('update alerts set delivery = ? where id = ?').run(JSON.stringify(delivery), id);
}
