import { type AliasedRawBuilder, sql } from 'kysely';
import type { FullTextMatch } from '../database.js';

/**
 * SQLite's full-text match: the FTS5 table `events_fts` (migrations 0013 and 0016, kept in sync
 * by triggers), ranked by bm25 with a title worth more than a summary, and a summary more than
 * what an analysis said. bm25 is lower for a better match: the score is its negation. With a
 * source, FTS5 intersects the words' lists with the source's token itself (its `source`
 * column, which ranks nothing).
 */
export function sqliteFullTextMatches(
  terms: readonly string[],
  sourceId?: string,
): AliasedRawBuilder<FullTextMatch, 'm'> {
  // Every term a quoted string, all of them required, and only in the text columns: the user's
  // text never reaches FTS5's query syntax (no operators, columns or NEAR groups). Terms hold
  // only letters and digits; the source token only letters and hex digits.
  const words = `{title summary analysis} : (${terms.map((t) => `"${t}"`).join(' ')})`;
  const query = sourceId === undefined ? words : `${words} AND source : "${sourceToken(sourceId)}"`;
  return sql<FullTextMatch>`(select rowid as event_id, -bm25(events_fts, 10.0, 4.0, 2.0, 0.0) as score
    from events_fts where events_fts match ${query})`.as('m');
}

/** A source id as the one token migration 0016 indexes it as: 's' and its UTF-8 bytes in hex. */
export function sourceToken(sourceId: string): string {
  return `s${Buffer.from(sourceId, 'utf8').toString('hex')}`;
}
