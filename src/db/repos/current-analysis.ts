import { type ExpressionBuilder, sql } from 'kysely';
import type { DB, EventsTable } from '../schema.js';

/** Any query over events aliased `e` (export, snapshots, digests, observations). */
export type WithEvents = DB & { e: EventsTable };

/**
 * The id of event `e`'s current analysis: the newest `ok` one, an LLM's before the offline
 * analyser's. Shared by export, snapshots, digests and observations so they agree.
 */
export function currentAnalysisId(eb: ExpressionBuilder<WithEvents, 'e'>) {
  return eb
    .selectFrom('analyses as current')
    .select('current.id')
    .whereRef('current.event_id', '=', 'e.id')
    .where('current.status', '=', 'ok')
    .orderBy(sql`(current.provider = 'offline')`)
    .orderBy('current.updated_at', 'desc')
    .orderBy('current.id', 'desc')
    .limit(1);
}

/** When an event happened: its publication, else when it was fetched (the events_seen_at index). */
export const SEEN_AT = sql<string>`coalesce(e.published_at, e.fetched_at)`;
