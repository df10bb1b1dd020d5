import type { Observation } from '../core/types.js';
import { DAY_MS } from '../core/durations.js';
import type { Signpost } from '../signposts/catalogue.js';
import { unitProblem } from '../signposts/units.js';

export interface SignpostValue extends Omit<Signpost, 'metric'> {
  value: number | null;
  progress: number;
  /** The value rests on B evidence with no A observation within 14 days of it. */
  provisional: boolean;
  evidence: Observation | null;
  /** C/D readings, never counted: shown as "if true". */
  ifTrue: Observation[];
  /** Readings refused as impossible in the signpost's unit (e.g. 0.78 for a percent). */
  rejected: number;
}

export const FIRMING_DAYS = 14;

/** clamp((observed − baseline) / (target − baseline)), mirrored for "<=", a step when baseline = target. */
export function progress(s: Pick<Signpost, 'direction' | 'baseline' | 'target'>, observed: number): number {
  const reached = s.direction === '>=' ? observed >= s.target : observed <= s.target;
  if (s.baseline === s.target) return reached ? 1 : 0;
  const raw =
    s.direction === '>='
      ? (observed - s.baseline) / (s.target - s.baseline)
      : (s.baseline - observed) / (s.baseline - s.target);
  return Math.min(1, Math.max(0, raw));
}

/**
 * Each signpost's value on `date`: its best A or B observation up to that day. A value from
 * B evidence stays provisional until an A observation of the same signpost lies within
 * 14 calendar days of it (14 firms it, 15 does not). C and D never move a signpost.
 */
export function signpostValues(signposts: Signpost[], observations: Observation[], date: string): SignpostValue[] {
  const bySignpost = new Map<string, Observation[]>();
  for (const o of observations) {
    if (o.date > date) continue;
    const list = bySignpost.get(o.signpost) ?? [];
    list.push(o);
    bySignpost.set(o.signpost, list);
  }
  return signposts.map((s) => {
    const all = bySignpost.get(s.code) ?? [];
    const valued = all.filter((o) => o.value !== null);
    const usable = valued.filter((o) => unitProblem(s.unit, o.value as number) === null);
    const firm = usable.filter((o) => o.tier === 'A' || o.tier === 'B');
    const best = firm.reduce<Observation | null>((b, o) => (b === null || better(s, o, b) ? o : b), null);
    const provisional =
      best !== null &&
      best.tier === 'B' &&
      !firm.some((o) => o.tier === 'A' && Math.abs(daysBetween(o.date, best.date)) <= FIRMING_DAYS);
    const { metric: _metric, ...definition } = s;
    return {
      ...definition,
      value: best?.value ?? null,
      progress: best ? progress(s, best.value as number) : 0,
      provisional,
      evidence: best,
      ifTrue: all
        .filter((o) => o.tier === 'C' || o.tier === 'D')
        .sort((a, b) => b.date.localeCompare(a.date))
        .slice(0, 5),
      rejected: valued.length - usable.length,
    };
  });
}

/** o beats b: a better value; on a tie, the higher tier, then the earlier reading. */
function better(s: Signpost, o: Observation, b: Observation): boolean {
  const ov = o.value as number;
  const bv = b.value as number;
  if (ov !== bv) return s.direction === '>=' ? ov > bv : ov < bv;
  if (o.tier !== b.tier) return o.tier < b.tier;
  return o.date < b.date;
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / DAY_MS);
}
