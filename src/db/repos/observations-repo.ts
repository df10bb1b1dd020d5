import { sql } from 'kysely';
import { DAY_MS } from '../../core/durations.js';
import type { EvidenceTier as Tier, Observation } from '../../core/types.js';
import type { Database } from '../database.js';
import { SEEN_AT, currentAnalysisId } from './current-analysis.js';

/**
 * Every signpost observation dated up to `date` (YYYY-MM-DD): those of events' current
 * analyses (dated by the event) and those recorded from leaderboards.
 */
export async function observationsUpTo(handle: Database, date: string): Promise<Observation[]> {
  // From the analyses with readings (a partial index) to their events, keeping each event's
  // current analysis only: far fewer rows than walking every event.
  const rows = await handle.db
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
  const out: Observation[] = recorded.map((r) => ({ ...r, tier: tierOf(r.tier), origin: 'leaderboard' }));
  for (const r of rows) {
    for (const s of parseLinks(r.signposts ?? '[]')) {
      if (fromBoards.has(`${r.event_id}:${s.code}`)) continue;
      out.push({
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
  return out;
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
