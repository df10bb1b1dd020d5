import { type AliasedRawBuilder, sql } from 'kysely';
import type { FullTextMatch } from '../database.js';

/**
 * PostgreSQL's full-text match: `event_search` (migrations 0013 and 0016, kept in sync by
 * triggers), a tsvector per event under a GIN index, with the title weighted A, the summary B
 * and what analyses said C, ranked by ts_rank; with a source, only the rows of that source
 * (event_search's own source_id column: no join to events).
 */
export function postgresFullTextMatches(
  terms: readonly string[],
  sourceId?: string,
): AliasedRawBuilder<FullTextMatch, 'm'> {
  const bySource = sourceId === undefined ? sql`` : sql` and s.source_id = ${sourceId}`;
  // plainto_tsquery reads the words as words (every one required): no query syntax to abuse.
  return sql<FullTextMatch>`(select s.event_id, ts_rank(s.document, q.query)::float8 as score
    from event_search s, plainto_tsquery('english', ${terms.join(' ')}) as q(query)
    where s.document @@ q.query${bySource})`.as('m');
}
