import { CURRENT_ANALYSIS_JOIN } from './analyses-repo.js';
import type { Database } from '../open-database.js';
import type { EventRow } from './events-repo.js';

/** An event row with its current analysis' columns (a_*, null when it has none). */
export type ExportRow = EventRow & {
  a_provider: string | null;
  a_model: string | null;
  a_significance: number | null;
  a_tier: string | null;
  a_categories: string | null;
  a_signposts: string | null;
  a_summary: string | null;
  a_rationale: string | null;
};

/**
 * Events (oldest first) with their current analysis: the newest `ok` one, an LLM's before
 * the offline analyser's. Iterated row by row, so an export of millions never sits in memory.
 */
export function iterateExport(handle: Database, sinceIso: string | null): IterableIterator<ExportRow> {
  return handle
    .prepare(
      `select e.*, a.provider as a_provider, a.model as a_model, a.significance as a_significance, a.tier as a_tier,
              a.categories as a_categories, a.signposts as a_signposts, a.summary as a_summary, a.rationale as a_rationale
       from events e
       ${CURRENT_ANALYSIS_JOIN}
       where (@since is null or coalesce(e.published_at, e.fetched_at) >= @since)
       order by coalesce(e.published_at, e.fetched_at), e.id`,
    )
    .iterate({ since: sinceIso }) as IterableIterator<ExportRow>;
}
