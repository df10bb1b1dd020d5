import type { EvidenceTier as Tier, Observation } from '../../core/types.js';
import type { Database } from '../open-database.js';

interface AnalysisSignpostRow {
  event_id: number;
  title: string;
  url: string;
  source_id: string;
  day: string;
  tier: string;
  signposts: string;
}

/**
 * Every signpost observation dated up to `date` (YYYY-MM-DD): those of events' current
 * analyses (dated by the event) and those recorded from leaderboards.
 */
export function observationsUpTo(handle: Database, date: string): Observation[] {
  // From the analyses with readings (a partial index) to their events, keeping each event's
  // current analysis only: far fewer rows than walking every event.
  const rows = handle
    .prepare(
      `select e.id as event_id, e.title, e.url, e.source_id, substr(coalesce(e.published_at, e.fetched_at), 1, 10) as day,
              a.tier, a.signposts
       from analyses a join events e on e.id = a.event_id
       where a.status = 'ok' and a.signposts != '[]'
         and a.id = (select id from analyses where event_id = e.id and status = 'ok'
                     order by (provider = 'offline'), updated_at desc, id desc limit 1)
         and coalesce(e.published_at, e.fetched_at) < ?`,
    )
    .all(nextDay(date)) as AnalysisSignpostRow[];
  const recorded = handle
    .prepare(
      `select o.signpost, o.value, o.observed_on as date, o.tier, o.event_id as eventId, e.title, e.url, o.source_id as sourceId
       from observations o left join events e on e.id = o.event_id
       where o.observed_on <= ?`,
    )
    .all(date) as Omit<Observation, 'origin'>[];
  // A leaderboard event's analysis restates the reading the leaderboard already recorded.
  const fromBoards = new Set(recorded.map((r) => `${r.eventId}:${r.signpost}`));
  const out: Observation[] = recorded.map((r) => ({ ...r, origin: 'leaderboard' }));
  for (const r of rows) {
    for (const s of parseLinks(r.signposts)) {
      if (fromBoards.has(`${r.event_id}:${s.code}`)) continue;
      out.push({
        signpost: s.code,
        value: typeof s.value === 'number' && Number.isFinite(s.value) ? s.value : null,
        date: r.day,
        tier: r.tier as Tier,
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

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();
}
