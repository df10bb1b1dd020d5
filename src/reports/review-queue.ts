import type { Config } from '../config/config.js';
import type { Observation } from '../core/types.js';
import type { Database } from '../db/open-database.js';
import { observationsUpTo } from '../db/repos/observations-repo.js';
import { type ReviewCandidateRow, unreviewedAnalyses } from '../db/repos/reviews-repo.js';

/** Why an event is worth a human look. */
export type ReviewReason = 'significant' | 'low-confidence' | 'record' | 'disagreement';

export interface ReviewItem {
  id: number;
  title: string;
  source: string;
  date: string;
  significance: number | null;
  tier: string | null;
  signposts: Reading[];
  reasons: { reason: ReviewReason; detail: string }[];
}

interface Reading {
  code: string;
  value?: number;
  confidence: number;
}

export const SIGNIFICANT = 8;
export const LOW_CONFIDENCE = 0.5;
const SIGNIFICANCE_SPREAD = 3;

/**
 * The unreviewed events of the last days worth a look, most reasons first: a high significance
 * (≥ 8), a low-confidence reading (< 0.5), a reading that would set a record for its signpost
 * (beats every other reading counted so far), or analyses that disagree (different signposts,
 * or significance apart by 3 or more).
 */
export async function reviewQueue(
  db: Database,
  config: Config,
  date: string,
  sinceIso: string,
  limit: number,
): Promise<ReviewItem[]> {
  const rows = await unreviewedAnalyses(db, sinceIso);
  const byEvent = new Map<number, ReviewCandidateRow[]>();
  for (const r of rows) byEvent.set(Number(r.event_id), [...(byEvent.get(Number(r.event_id)) ?? []), r]);
  const best = bestByEvent(await observationsUpTo(db, date), config);
  const items: ReviewItem[] = [];
  for (const [id, analyses] of byEvent) {
    // The current analysis, as every report picks it: an LLM's before the offline analyser's, then the newest.
    const [current, ...others] = [...analyses].sort(
      (a, b) =>
        Number(a.provider === 'offline') - Number(b.provider === 'offline') ||
        b.updated_at.localeCompare(a.updated_at) ||
        Number(b.analysis_id) - Number(a.analysis_id),
    );
    if (!current) continue;
    const readings = parseReadings(current.signposts);
    const reasons: ReviewItem['reasons'] = [];
    if ((current.significance ?? 0) >= SIGNIFICANT)
      reasons.push({ reason: 'significant', detail: `significance ${current.significance}` });
    const unsure = readings.filter((s) => s.confidence < LOW_CONFIDENCE);
    if (unsure.length > 0)
      reasons.push({
        reason: 'low-confidence',
        detail: unsure.map((s) => `${s.code} confidence ${s.confidence}`).join(', '),
      });
    for (const s of readings) {
      const record = best(s, id);
      if (record !== undefined)
        reasons.push({
          reason: 'record',
          detail: `${s.code}=${s.value} beats ${record === null ? 'no earlier reading' : record}`,
        });
    }
    const differing = others.filter((o) => disagree(current, o));
    if (differing.length > 0)
      reasons.push({
        reason: 'disagreement',
        detail: differing.map((o) => `${o.provider}/${o.model} differs`).join(', '),
      });
    if (reasons.length === 0) continue;
    items.push({
      id,
      title: current.title,
      source: current.source_id,
      date: current.day,
      significance: current.significance,
      tier: current.tier,
      signposts: readings,
      reasons,
    });
  }
  return items
    .sort(
      (a, b) =>
        b.reasons.length - a.reasons.length ||
        (b.significance ?? 0) - (a.significance ?? 0) ||
        b.date.localeCompare(a.date) ||
        b.id - a.id,
    )
    .slice(0, limit);
}

/**
 * A check per reading: undefined when it sets no record, else the best value it beats (null
 * when there is none). Compared with every other event's counted readings (A/B, valued).
 */
function bestByEvent(observations: Observation[], config: Config) {
  const direction = new Map(config.signposts.map((s) => [s.code, s.direction]));
  return (s: Reading, eventId: number): number | null | undefined => {
    const dir = direction.get(s.code);
    if (s.value === undefined || dir === undefined) return undefined;
    let best: number | null = null;
    for (const o of observations) {
      if (o.signpost !== s.code || o.value === null || o.eventId === eventId) continue;
      if (o.tier !== 'A' && o.tier !== 'B') continue;
      if (best === null || (dir === '>=' ? o.value > best : o.value < best)) best = o.value;
    }
    const beats = best === null || (dir === '>=' ? s.value > best : s.value < best);
    return beats ? best : undefined;
  };
}

function disagree(a: ReviewCandidateRow, b: ReviewCandidateRow): boolean {
  if (Math.abs((a.significance ?? 0) - (b.significance ?? 0)) >= SIGNIFICANCE_SPREAD) return true;
  const codes = (r: ReviewCandidateRow) =>
    parseReadings(r.signposts)
      .map((s) => s.code)
      .sort()
      .join(',');
  return codes(a) !== codes(b);
}

function parseReadings(json: string | null): Reading[] {
  try {
    const v = JSON.parse(json ?? '[]') as unknown;
    return Array.isArray(v)
      ? v.filter((s): s is Reading => typeof s?.code === 'string' && typeof s?.confidence === 'number')
      : [];
  } catch {
    return [];
  }
}
