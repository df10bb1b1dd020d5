import type { Database } from '../open-database.js';
import { CURRENT_ANALYSIS_JOIN } from './analyses-repo.js';

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
export function weekEvents(handle: Database, from: string, to: string, tiers: string[], limit: number): WeekEventRow[] {
  return handle
    .prepare(
      `select e.id, e.title, e.url, e.source_id, substr(coalesce(e.published_at, e.fetched_at), 1, 10) as day,
              coalesce(a.summary, e.summary) as summary, a.tier, a.significance, a.categories
       from events e ${CURRENT_ANALYSIS_JOIN}
       where a.id is not null and coalesce(e.published_at, e.fetched_at) >= ? and coalesce(e.published_at, e.fetched_at) < ?
         and a.tier in (select value from json_each(?))
       order by a.significance desc, coalesce(e.published_at, e.fetched_at) desc, e.id desc
       limit ?`,
    )
    .all(from, to, JSON.stringify(tiers), limit) as WeekEventRow[];
}

export function callsBetween(handle: Database, fromDay: string, toDay: string): number {
  return handle.prepare(`select count(*) from llm_calls where day >= ? and day <= ? and state != 'released'`).pluck().get(fromDay, toDay) as number;
}
