import { sql } from 'kysely';
import type { Database } from '../database.js';
import { SEEN_AT, currentAnalysisId } from './current-analysis.js';

export interface SearchFilter {
  /** Words and numbers, every one required (src/core/search-terms.ts). */
  terms: readonly string[];
  sinceIso?: string | undefined;
  sourceId?: string | undefined;
  /** The event's tier: its current analysis's, else its source's (D when the source is unknown). */
  tiers?: readonly string[] | undefined;
  limit: number;
}

export interface SearchRow {
  id: number;
  title: string;
  summary: string;
  url: string;
  source_id: string;
  published_at: string | null;
  fetched_at: string;
  tier: string;
  analysis_summary: string | null;
  score: number;
}

// An event's tier as search filters and shows it.
const TIER = sql<string>`coalesce(a.tier, s.tier, 'D')`;

/**
 * How many matches are ranked, newest first: a word in a quarter of a million events must not
 * cost a bm25 / ts_rank computation for each (the bench's 1,000,000 events stay under 100 ms).
 * A query matching more events than this ranks the newest this many of them; anything
 * narrower (more words, a filter) is ranked in full.
 */
export const RANK_WINDOW = 5000;

/**
 * The best `limit` matches, best first (ties: newest id first). Ranking joins only what the
 * filters need, then the few winners are read in full: a common word over a million events
 * must not look up a million current analyses.
 */
export async function searchEvents(handle: Database, filter: SearchFilter): Promise<SearchRow[]> {
  const byTier = filter.tiers !== undefined;
  // No event below the first id seen since then can pass --since: bounding the matches by id lets
  // SQLite's walk of them, newest first, stop there instead of reading every older match.
  let fromId: number | null = null;
  if (filter.sinceIso !== undefined) {
    // Through the seen-at index (the ORDER BY keeps it there): a bare min(id) makes SQLite walk
    // the table from id 1 until a row is recent enough — most of a million rows.
    const inWindow = handle.db
      .selectFrom('events as e')
      .select('e.id')
      .where(SEEN_AT, '>=', filter.sinceIso)
      .orderBy(SEEN_AT)
      .as('w');
    const first = await handle.db
      .selectFrom(inWindow)
      .select((eb) => eb.fn.min('w.id').as('id'))
      .executeTakeFirst();
    if (first?.id === null || first?.id === undefined) return [];
    fromId = Number(first.id);
  }
  // SQLite streams the FTS5 matches newest first and stops at the window (no sort of them all);
  // --source is part of the match itself (migration 0016), so no join is needed for it.
  const window = handle.db
    .selectFrom(handle.fullTextMatches(filter.terms, filter.sourceId))
    .$if(filter.sinceIso !== undefined || byTier, (q) =>
      q
        .innerJoin('events as e', 'e.id', 'm.event_id')
        .$if(filter.sinceIso !== undefined, (w) =>
          w.where('m.event_id', '>=', fromId ?? 0).where(SEEN_AT, '>=', filter.sinceIso ?? ''),
        )
        .$if(byTier, (w) =>
          w
            .leftJoin('sources as s', 's.id', 'e.source_id')
            .leftJoin('analyses as a', (join) => join.on((eb) => eb('a.id', '=', currentAnalysisId(eb))))
            .where(TIER, 'in', [...(filter.tiers ?? [])]),
        ),
    )
    .select(['m.event_id', 'm.score'])
    .orderBy('m.event_id', 'desc')
    .limit(RANK_WINDOW);
  const ranked = await handle.db
    .selectFrom(window.as('w'))
    .select(['w.event_id', 'w.score'])
    .orderBy('w.score', 'desc')
    .orderBy('w.event_id', 'desc')
    .limit(filter.limit)
    .execute();
  if (ranked.length === 0) return [];
  const rows = await handle.db
    .selectFrom('events as e')
    .leftJoin('sources as s', 's.id', 'e.source_id')
    .leftJoin('analyses as a', (join) => join.on((eb) => eb('a.id', '=', currentAnalysisId(eb))))
    .select([
      'e.id',
      'e.title',
      'e.summary',
      'e.url',
      'e.source_id',
      'e.published_at',
      'e.fetched_at',
      TIER.as('tier'),
      'a.summary as analysis_summary',
    ])
    .where(
      'e.id',
      'in',
      ranked.map((r) => Number(r.event_id)),
    )
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ranked.flatMap((r) => {
    const row = byId.get(Number(r.event_id));
    return row ? [{ ...row, score: Number(r.score) }] : [];
  });
}
