import { sql } from 'kysely';
import { type ReviewAction, type ReviewDecision, type ReviewState, reviewStateOf } from '../../core/review.js';
import type { Database, Executor } from '../database.js';
import type { ReviewsTable } from '../schema.js';
import { SEEN_AT } from './current-analysis.js';

type NewDecision = Omit<ReviewDecision, 'id'>;

/** Records one decision; decisions are never edited, a later one supersedes. */
export async function addReview(db: Executor, d: NewDecision): Promise<number> {
  const row = await db
    .insertInto('reviews')
    .values({
      event_id: d.eventId,
      action: d.action,
      signpost: d.signpost,
      value: d.value,
      reason: d.reason,
      reviewer: d.by,
      created_at: d.at,
    } satisfies Omit<ReviewsTable, 'id'>)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Every reviewed event's state, by event id. Reviews are human decisions — a few per day at
 * most — so reading them all is cheap, and every report folds them the same way.
 */
export async function reviewStates(handle: Database, eventIds?: readonly number[]): Promise<Map<number, ReviewState>> {
  if (eventIds !== undefined && eventIds.length === 0) return new Map();
  const rows = await handle.db
    .selectFrom('reviews')
    .selectAll()
    .$if(eventIds !== undefined, (q) => q.where('event_id', 'in', [...(eventIds ?? [])]))
    .orderBy('event_id')
    .orderBy('id')
    .execute();
  const byEvent = new Map<number, ReviewDecision[]>();
  for (const r of rows) {
    const id = Number(r.event_id);
    const list = byEvent.get(id) ?? [];
    list.push({
      id: Number(r.id),
      eventId: id,
      action: r.action as ReviewAction,
      signpost: r.signpost,
      value: r.value === null ? null : Number(r.value),
      reason: r.reason,
      by: r.reviewer,
      at: r.created_at,
    });
    byEvent.set(id, list);
  }
  return new Map([...byEvent].map(([id, list]) => [id, reviewStateOf(list)]));
}

export interface ReviewCandidateRow {
  event_id: number;
  title: string;
  source_id: string;
  day: string;
  provider: string;
  model: string;
  significance: number | null;
  tier: string | null;
  signposts: string | null;
  updated_at: string;
  analysis_id: number;
}

/**
 * Every `ok` analysis of the events dated since `sinceIso` that no reviewer has decided on yet
 * (the review queue weighs them), newest event first.
 */
export function unreviewedAnalyses(handle: Database, sinceIso: string): Promise<ReviewCandidateRow[]> {
  return handle.db
    .selectFrom('events as e')
    .innerJoin('analyses as a', 'a.event_id', 'e.id')
    .select([
      'e.id as event_id',
      'e.title',
      'e.source_id',
      sql<string>`substr(${SEEN_AT}, 1, 10)`.as('day'),
      'a.provider',
      'a.model',
      'a.significance',
      'a.tier',
      'a.signposts',
      'a.updated_at',
      'a.id as analysis_id',
    ])
    .where('a.status', '=', 'ok')
    .where(SEEN_AT, '>=', sinceIso)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('reviews as r').select('r.id').whereRef('r.event_id', '=', 'e.id'))),
    )
    .orderBy(SEEN_AT, 'desc')
    .orderBy('e.id', 'desc')
    .execute();
}
