import type { Database } from '../open-database.js';
import type { Selectable } from 'kysely';
import type { SourceFetchesTable } from '../schema.js';

export type SourceFetchRow = Omit<Selectable<SourceFetchesTable>, 'id'>;

/** Records one fetch run's outcome per source, in one transaction. */
export function recordFetches(handle: Database, rows: SourceFetchRow[]): void {
  if (rows.length === 0) return;
  const insert = handle.prepare(
    `insert into source_fetches (source_id, at, status, new_items, error, consecutive_failures, paused_until)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  handle.raw.transaction(() => {
    for (const r of rows) insert.run(r.source_id, r.at, r.status, r.new_items, r.error, r.consecutive_failures, r.paused_until);
  })();
}

export interface SourceWeek {
  /** The last fetch before the end, when any: the source's health at that moment. */
  last: SourceFetchRow | null;
  /** Fetches (paused skips not counted) and failures in [from, end). */
  fetches: number;
  failures: number;
  /** When it last stored something new before the end. */
  lastNewAt: string | null;
}

/** How each source fared in [from, end), and where it stood at `end`, from the fetch history. */
export function sourceWeeks(handle: Database, from: string, end: string): Map<string, SourceWeek> {
  const out = new Map<string, SourceWeek>();
  const entry = (id: string) => {
    let w = out.get(id);
    if (!w) out.set(id, (w = { last: null, fetches: 0, failures: 0, lastNewAt: null }));
    return w;
  };
  const lasts = handle
    .prepare(
      `select f.* from source_fetches f
       where f.id = (select g.id from source_fetches g where g.source_id = f.source_id and g.at < ? order by g.at desc, g.id desc limit 1)`,
    )
    .all(end) as (SourceFetchRow & { id: number })[];
  for (const { id: _id, ...row } of lasts) entry(row.source_id).last = row;
  const counts = handle
    .prepare(
      `select source_id, count(*) as fetches, sum(status = 'failed') as failures from source_fetches
       where at >= ? and at < ? and status != 'paused' group by source_id`,
    )
    .all(from, end) as { source_id: string; fetches: number; failures: number }[];
  for (const c of counts) Object.assign(entry(c.source_id), { fetches: c.fetches, failures: c.failures });
  const news = handle
    .prepare('select source_id, max(at) as at from source_fetches where new_items > 0 and at < ? group by source_id')
    .all(end) as { source_id: string; at: string }[];
  for (const n of news) entry(n.source_id).lastNewAt = n.at;
  return out;
}
