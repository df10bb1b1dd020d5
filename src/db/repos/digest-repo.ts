import { sql } from 'kysely';
import type { Database } from '../database.js';
import { SEEN_AT, currentAnalysisId } from './current-analysis.js';

export interface WeekEventRow {
  id: number;
  title: string;
  url: string;
  source_id: string;
  day: string;
  summary: string | null;
  tier: string;
  significance: number;
  categories: string | null;
}

/**
 * Analysed events dated in [from, to) of the given tiers, most significant first (then
 * newest), by their current analysis.
 */
export async function weekEvents(
  handle: Database,
  from: string,
  to: string,
  tiers: string[],
  limit: number,
  /** Events a reviewer retracted: they count nowhere. */
  excluded: readonly number[] = [],
): Promise<WeekEventRow[]> {
  if (tiers.length === 0) return [];
  const rows = await handle.db
    .selectFrom('events as e')
    .innerJoin('analyses as a', (join) => join.on((eb) => eb('a.id', '=', currentAnalysisId(eb))))
    .select((eb) => [
      'e.id',
      'e.title',
      'e.url',
      'e.source_id',
      sql<string>`substr(${SEEN_AT}, 1, 10)`.as('day'),
      eb.fn.coalesce('a.summary', 'e.summary').as('summary'),
      'a.tier',
      'a.significance',
      'a.categories',
    ])
    .where(SEEN_AT, '>=', from)
    .where(SEEN_AT, '<', to)
    .where('a.tier', 'in', tiers)
    .$if(excluded.length > 0, (q) => q.where('e.id', 'not in', [...excluded]))
    .orderBy('a.significance', 'desc')
    .orderBy(SEEN_AT, 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  // Current analyses are `ok` ones, and an `ok` analysis always has its tier and significance.
  return rows.flatMap((r) =>
    r.tier !== null && r.significance !== null ? [{ ...r, tier: r.tier, significance: r.significance }] : [],
  );
}

/** A few events by id, with their day (YYYY-MM-DD). */
export function eventsByIds(handle: Database, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return handle.db
    .selectFrom('events as e')
    .select(['e.id', 'e.title', 'e.url', 'e.source_id', sql<string>`substr(${SEEN_AT}, 1, 10)`.as('day')])
    .where('e.id', 'in', [...ids])
    .execute();
}

export async function callsBetween(handle: Database, fromDay: string, toDay: string): Promise<number> {
  const row = await handle.db
    .selectFrom('llm_calls')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .where('state', '!=', 'released')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface StoredDigestRow {
  week: string;
  payload: string;
  computed_at: string;
}

/** The stored digests, newest week first (at most `limit`). */
export function storedDigests(handle: Database, limit: number): Promise<StoredDigestRow[]> {
  return handle.db
    .selectFrom('digests')
    .select(['week', 'payload', 'computed_at'])
    .orderBy('week', 'desc')
    .limit(limit)
    .execute();
}
