import type { Database } from '../database.js';
import { SEEN_AT, currentAnalysisId } from './current-analysis.js';
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
 * the offline analyser's. Streamed row by row, so an export of millions never sits in memory.
 */
export function iterateExport(handle: Database, sinceIso: string | null): AsyncIterableIterator<ExportRow> {
  return handle.db
    .selectFrom('events as e')
    .leftJoin('analyses as a', (join) => join.on((eb) => eb('a.id', '=', currentAnalysisId(eb))))
    .selectAll('e')
    .select([
      'a.provider as a_provider',
      'a.model as a_model',
      'a.significance as a_significance',
      'a.tier as a_tier',
      'a.categories as a_categories',
      'a.signposts as a_signposts',
      'a.summary as a_summary',
      'a.rationale as a_rationale',
    ])
    .$if(sinceIso !== null, (q) => q.where(SEEN_AT, '>=', sinceIso ?? ''))
    .orderBy(SEEN_AT)
    .orderBy('e.id')
    .stream();
}
