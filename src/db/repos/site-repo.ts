import type { Database } from '../database.js';
import { currentAnalysisId } from './current-analysis.js';

/** The newest day with a stored snapshot, up to `upTo` (YYYY-MM-DD), or null. */
export async function latestSnapshotDate(handle: Database, upTo: string): Promise<string | null> {
  const row = await handle.db
    .selectFrom('snapshots')
    .select('date')
    .where('date', '<=', upTo)
    .orderBy('date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.date ?? null;
}

/** The stored overall index per (date, preset) between two days, without the payloads. */
export function storedOverall(
  handle: Database,
  fromDate: string,
  toDate: string,
): Promise<{ date: string; preset: string; overall: number }[]> {
  return handle.db
    .selectFrom('snapshots')
    .select(['date', 'preset', 'overall'])
    .where('date', '>=', fromDate)
    .where('date', '<=', toDate)
    .orderBy('date')
    .orderBy('preset')
    .execute();
}

/** The summary a reader sees of each event (its current analysis's, else the feed's), by id. */
export async function eventSummaries(handle: Database, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  // Bounded batches: SQLite limits the number of bound parameters.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await handle.db
      .selectFrom('events as e')
      .leftJoin('analyses as a', (join) => join.on((eb) => eb('a.id', '=', currentAnalysisId(eb))))
      .select((eb) => ['e.id', eb.fn.coalesce('a.summary', 'e.summary').as('summary')])
      .where('e.id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, r.summary ?? '');
  }
  return out;
}
