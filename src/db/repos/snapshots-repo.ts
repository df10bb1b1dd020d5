import type { Database } from '../open-database.js';
import type { SnapshotsTable } from '../schema.js';
import { CURRENT_ANALYSIS_JOIN } from './analyses-repo.js';

export interface SnapshotRowInput {
  preset: string;
  overall: number;
  capability: number;
  safetyMargin: number;
  payload: string;
}

export type StoredSnapshot = SnapshotsTable;

/**
 * Replaces the snapshot of a date (every preset) and the evidence behind it in one
 * transaction: re-running a date rewrites it, never duplicates it.
 */
export function saveSnapshot(handle: Database, date: string, rows: SnapshotRowInput[], evidence: { signpost: string; eventId: number }[], at: string): void {
  const insert = handle.prepare(
    'insert into snapshots (date, preset, overall, capability, safety_margin, payload, computed_at) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const keep = handle.prepare('insert or ignore into snapshot_evidence (date, signpost, event_id) values (?, ?, ?)');
  handle.raw
    .transaction(() => {
      handle.prepare('delete from snapshots where date = ?').run(date);
      handle.prepare('delete from snapshot_evidence where date = ?').run(date);
      for (const r of rows) insert.run(date, r.preset, r.overall, r.capability, r.safetyMargin, r.payload, at);
      for (const e of evidence) keep.run(date, e.signpost, e.eventId);
    })
    .immediate();
}

export function storedSnapshots(handle: Database, fromDate: string, toDate: string): StoredSnapshot[] {
  return handle.prepare('select * from snapshots where date >= ? and date <= ? order by date, preset').all(fromDate, toDate) as StoredSnapshot[];
}

export interface DayActivity {
  bySource: Record<string, number>;
  byTier: Record<string, number>;
  byCategory: Record<string, number>;
  events: number;
  analyzed: number;
}

/**
 * Events of a day (by publication, else fetch time) by source, tier and category (of their
 * current analysis; the source's tier and "unanalyzed" before one exists), and how many
 * analyses were completed that day.
 */
export function dayActivity(handle: Database, date: string, nextDate: string): DayActivity {
  const rows = handle
    .prepare(
      `select e.source_id, coalesce(a.tier, s.tier, '?') as tier, a.categories
       from events e left join sources s on s.id = e.source_id ${CURRENT_ANALYSIS_JOIN}
       where coalesce(e.published_at, e.fetched_at) >= ? and coalesce(e.published_at, e.fetched_at) < ?`,
    )
    .all(date, nextDate) as { source_id: string; tier: string; categories: string | null }[];
  const out: DayActivity = { bySource: {}, byTier: {}, byCategory: {}, events: rows.length, analyzed: 0 };
  const bump = (m: Record<string, number>, k: string) => {
    m[k] = (m[k] ?? 0) + 1;
  };
  for (const r of rows) {
    bump(out.bySource, r.source_id);
    bump(out.byTier, r.tier);
    const cats = r.categories ? (JSON.parse(r.categories) as string[]) : null;
    if (!cats) bump(out.byCategory, 'unanalyzed');
    else if (cats.length === 0) bump(out.byCategory, 'none');
    else for (const c of cats) bump(out.byCategory, c);
  }
  out.analyzed = handle
    .prepare(`select count(*) from analyses where status = 'ok' and updated_at >= ? and updated_at < ?`)
    .pluck()
    .get(date, nextDate) as number;
  return out;
}

export function saveDigest(handle: Database, week: string, payload: string, markdown: string, at: string): void {
  handle
    .prepare(
      `insert into digests (week, payload, markdown, computed_at) values (?, ?, ?, ?)
       on conflict (week) do update set payload = excluded.payload, markdown = excluded.markdown, computed_at = excluded.computed_at`,
    )
    .run(week, payload, markdown, at);
}
