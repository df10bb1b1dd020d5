import { type AliasedRawBuilder, sql } from 'kysely';
import type { FullTextMatch } from '../database.js';

/**
 * PostgreSQL's full-text match: `event_search` (migration 0020, kept in sync by triggers), a
 * tsvector per event under a GIN index, with the title weighted A, the summary B and what
 * analyses said C, ranked by ts_rank.
 */
export function postgresFullTextMatches(terms: readonly string[]): AliasedRawBuilder<FullTextMatch, 'm'> {
  // plainto_tsquery reads the words as words (every one required): no query syntax to abuse.
  return sql<FullTextMatch>`(select s.event_id, ts_rank(s.document, q.query)::float8 as score
    from event_search s, plainto_tsquery('english', ${terms.join(' ')}) as q(query)
    where s.document @@ q.query)`.as('m');
}
