import { sql } from 'kysely';
import { DAY_MS } from '../../core/durations.js';
import { isRetracted, readingsCount, type ReviewState } from '../../core/review.js';
import type { EvidenceTier as Tier, Observation } from '../../core/types.js';
import type { Database } from '../database.js';
import { SEEN_AT, currentAnalysisId } from './current-analysis.js';
import { reviewStates } from './reviews-repo.js';

/**
 * Every signpost observation dated up to `date` (YYYY-MM-DD): those of events' current
 * analyses (dated by the event), those recorded from leaderboards and those reviewers set.
 * Reviews outrank analyses: a reading set by a reviewer replaces the analysis's of that
 * signpost, a rejected event's analysed readings stop counting, and a retracted event counts
 * nowhere. With `withdrawn`, the readings that stopped counting are returned too, marked.
 */
export async function observationsUpTo(
  handle: Database,
  date: string,
  options: {
    withdrawn?: boolean;
    /** Only these events' analysed readings (those of the rest are read through signpost_readings). */
    onlyEvents?: readonly number[];
    /** The review states, when the caller has read them already. */
    reviews?: Map<number, ReviewState>;
  } = {},
): Promise<Observation[]> {
  const reviews = options.reviews ?? (await reviewStates(handle));
  const only = options.onlyEvents;
  // From the analyses with readings (a partial index) to their events, keeping each event's
  // current analysis only: far fewer rows than walking every event.
  const rows =
    only?.length === 0
      ? []
      : await handle.db
          .selectFrom('analyses as a')
          .innerJoin('events as e', 'e.id', 'a.event_id')
          .select([
            'e.id as event_id',
            'e.title',
            'e.url',
            'e.source_id',
            sql<string>`substr(${SEEN_AT}, 1, 10)`.as('day'),
            'a.tier',
            'a.signposts',
          ])
          .where('a.status', '=', 'ok')
          .where('a.signposts', '!=', '[]')
          .where((eb) => eb('a.id', '=', currentAnalysisId(eb)))
          .where(SEEN_AT, '<', nextDay(date))
          .$if(only !== undefined, (q) => q.where('e.id', 'in', [...(only ?? [])]))
          .execute();
  const recorded = await handle.db
    .selectFrom('observations as o')
    .leftJoin('events as e', 'e.id', 'o.event_id')
    .select([
      'o.signpost',
      'o.value',
      'o.observed_on as date',
      'o.tier',
      'o.event_id as eventId',
      'e.title',
      'e.url',
      'o.source_id as sourceId',
    ])
    .where('o.observed_on', '<=', date)
    .execute();
  // A leaderboard event's analysis restates the reading the leaderboard already recorded.
  const fromBoards = new Set(recorded.map((r) => `${r.eventId}:${r.signpost}`));
  const out: Observation[] = recorded.map((r) => ({
    ...r,
    tier: tierOf(r.tier),
    origin: 'leaderboard',
    ...withdrawal(r.eventId === null ? undefined : reviews.get(r.eventId), 'retracted'),
  }));
  for (const r of rows) {
    const state = reviews.get(r.event_id);
    const corrected = new Set(state?.corrections.map((c) => c.signpost));
    for (const s of parseLinks(r.signposts ?? '[]')) {
      if (fromBoards.has(`${r.event_id}:${s.code}`) || corrected.has(s.code)) continue;
      out.push({
        ...withdrawal(state, 'rejected'),
        signpost: s.code,
        value: typeof s.value === 'number' && Number.isFinite(s.value) ? s.value : null,
        date: r.day,
        tier: tierOf(r.tier),
        eventId: r.event_id,
        title: r.title,
        url: r.url,
        sourceId: r.source_id,
        origin: 'analysis',
      });
    }
  }
  out.push(...(await reviewedReadings(handle, date, reviews)));
  return options.withdrawn ? out : out.filter((o) => !o.withdrawn);
}

/** The mark of a reading a review withdrew: retraction withdraws every reading, rejection an analysis's. */
function withdrawal(state: ReviewState | undefined, upTo: 'rejected' | 'retracted'): Pick<Observation, 'withdrawn'> {
  const v = state?.verdict;
  if (!v || (upTo === 'retracted' ? !isRetracted(state) : readingsCount(state))) return {};
  return { withdrawn: { verdict: isRetracted(state) ? 'retracted' : 'rejected', by: v.by, at: v.at, why: v.reason } };
}

/** The readings reviewers set, dated by their events (up to `date`), with the tier of the event's evidence. */
async function reviewedReadings(
  handle: Database,
  date: string,
  reviews: Map<number, ReviewState>,
): Promise<Observation[]> {
  const ids = [...reviews].filter(([, s]) => s.corrections.length > 0).map(([id]) => id);
  if (ids.length === 0) return [];
  const events = await handle.db
    .selectFrom('events as e')
    .leftJoin('sources as s', 's.id', 'e.source_id')
    .leftJoin('analyses as a', (join) => join.on((eb) => eb('a.id', '=', currentAnalysisId(eb))))
    .select([
      'e.id',
      'e.title',
      'e.url',
      'e.source_id',
      sql<string>`substr(${SEEN_AT}, 1, 10)`.as('day'),
      sql<string | null>`coalesce(a.tier, s.tier)`.as('tier'),
    ])
    .where('e.id', 'in', ids)
    .where(SEEN_AT, '<', nextDay(date))
    .execute();
  return events.flatMap((e) => {
    const state = reviews.get(Number(e.id));
    return (state?.corrections ?? []).map((c): Observation => ({
      signpost: c.signpost ?? '',
      value: c.value,
      date: e.day,
      tier: tierOf(e.tier),
      eventId: Number(e.id),
      title: e.title,
      url: e.url,
      sourceId: e.source_id,
      origin: 'review',
      review: { by: c.by, at: c.at, why: c.reason },
      ...withdrawal(state, 'retracted'),
    }));
  });
}

function parseLinks(json: string): { code: string; value?: unknown }[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((s): s is { code: string } => typeof s?.code === 'string') : [];
  } catch {
    return [];
  }
}

const TIERS: readonly string[] = ['A', 'B', 'C', 'D'] satisfies Tier[];

/** A stored tier; anything else (a hand edit) is the weakest evidence, never a crash. */
function tierOf(value: string | null): Tier {
  return value !== null && TIERS.includes(value) ? (value as Tier) : 'D';
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString();
}
