import { type AliasedRawBuilder, sql } from 'kysely';
import type { FullTextMatch } from '../database.js';

/**
 * SQLite's full-text match: the FTS5 table `events_fts` (migration 0020, kept in sync by
 * triggers), ranked by bm25 with a title worth more than a summary, and a summary more than
 * what an analysis said. bm25 is lower for a better match: the score is its negation.
 */
export function sqliteFullTextMatches(terms: readonly string[]): AliasedRawBuilder<FullTextMatch, 'm'> {
  // Every term a quoted string, all of them required: the user's text never reaches FTS5's
  // query syntax (no operators, columns or NEAR groups). Terms hold only letters and digits.
  const query = terms.map((t) => `"${t}"`).join(' ');
  return sql<FullTextMatch>`(select rowid as event_id, -bm25(events_fts, 10.0, 4.0, 2.0) as score
    from events_fts where events_fts match ${query})`.as('m');
}
