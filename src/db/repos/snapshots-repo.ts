import type { Selectable } from 'kysely';
import type { Database } from '../database.js';
import type { SnapshotsTable } from '../schema.js';
import { SEEN_AT, currentAnalysisId } from './current-analysis.js';

export interface SnapshotRowInput {
  preset: string;
  overall: number;
  capability: number;
  safetyMargin: number;
  payload: string;
}

export type StoredSnapshot = Selectable<SnapshotsTable>;

/**
 * Replaces the snapshot of a date (every preset) and the evidence behind it in one
 * transaction: re-running a date rewrites it, never duplicates it.
 */
export async function saveSnapshot(
  handle: Database,
  date: string,
  rows: SnapshotRowInput[],
  evidence: { signpost: string; eventId: number }[],
  at: string,
): Promise<void> {
  await handle.writeTransaction(async (trx) => {
    await trx.deleteFrom('snapshots').where('date', '=', date).execute();
    await trx.deleteFrom('snapshot_evidence').where('date', '=', date).execute();
    for (const r of rows) {
      await trx
        .insertInto('snapshots')
        .values({
          date,
          preset: r.preset,
          overall: r.overall,
          capability: r.capability,
          safety_margin: r.safetyMargin,
          payload: r.payload,
          computed_at: at,
        })
        .execute();
    }
    for (const e of evidence) {
      await trx
        .insertInto('snapshot_evidence')
        .values({ date, signpost: e.signpost, event_id: e.eventId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
}

export function storedSnapshots(handle: Database, fromDate: string, toDate: string): Promise<StoredSnapshot[]> {
  return handle.db
    .selectFrom('snapshots')
    .selectAll()
    .where('date', '>=', fromDate)
    .where('date', '<=', toDate)
    .orderBy('date')
    .orderBy('preset')
    .execute();
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
export async function dayActivity(handle: Database, date: string, nextDate: string): Promise<DayActivity> {
  const rows = await handle.db
    .selectFrom('events as e')
    .leftJoin('sources as s', 's.id', 'e.source_id')
    .leftJoin('analyses as a', (join) => join.on((eb) => eb('a.id', '=', currentAnalysisId(eb))))
    .select((eb) => ['e.source_id', eb.fn.coalesce('a.tier', 's.tier', eb.val('?')).as('tier'), 'a.categories'])
    .where(SEEN_AT, '>=', date)
    .where(SEEN_AT, '<', nextDate)
    .execute();
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
  const analyzed = await handle.db
    .selectFrom('analyses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'ok')
    .where('updated_at', '>=', date)
    .where('updated_at', '<', nextDate)
    .executeTakeFirstOrThrow();
  out.analyzed = Number(analyzed.n);
  return out;
}

export async function saveDigest(
  handle: Database,
  week: string,
  payload: string,
  markdown: string,
  at: string,
): Promise<void> {
  await handle.db
    .insertInto('digests')
    .values({ week, payload, markdown, computed_at: at })
    .onConflict((oc) =>
      oc.column('week').doUpdateSet((eb) => ({
        payload: eb.ref('excluded.payload'),
        markdown: eb.ref('excluded.markdown'),
        computed_at: eb.ref('excluded.computed_at'),
      })),
    )
    .execute();
}
