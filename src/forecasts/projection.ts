import { DAY_MS } from '../core/durations.js';
import { roundTo } from '../core/rounding.js';
import { plural } from '../core/wording.js';

/**
 * When a signpost is crossed, or when its trend says it will be: the arithmetic alone, on
 * readings already chosen (A/B, valid in the unit, up to the as-of day). Dates are whole UTC
 * days; x is days since 1970-01-01.
 */

export interface Reading {
  /** YYYY-MM-DD */
  date: string;
  value: number;
}

export interface Target {
  direction: '>=' | '<=';
  target: number;
}

export type SignpostCourse =
  | { status: 'crossed'; date: string; points: number }
  | {
      status: 'projected';
      method: 'linear' | 'log-linear';
      /** The fitted line meets the target (null: beyond the horizon). */
      date: string | null;
      /** Where the line ±1.28σ of its residuals meets the target: an 80% band. */
      low: string | null;
      high: string | null;
      points: number;
      /** Change per 365 days, in the fitted scale (log10 of the value for log-linear). */
      slopePerYear: number;
      sigma: number;
    }
  | { status: 'no projection'; method: 'linear' | 'log-linear'; points: number; reason: string };

/** Fewer distinct points than this and no trend is drawn. */
export const MIN_POINTS = 3;
/** ±1.28σ of the residuals holds 80% of a normal spread. */
export const INTERVAL_Z = 1.28;
/** A crossing further out than this is not a date worth printing. */
const HORIZON_DAYS = 100 * 365;

export function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

export function dateOfDay(x: number): string {
  return new Date(Math.round(x) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The best value to date, as points: each day on which the best reading so far improved (one
 * point per day, its best reading). A flat stretch adds nothing: the trend is that of records.
 */
export function recordPoints(readings: readonly Reading[], direction: Target['direction']): Reading[] {
  const beats = (a: number, b: number) => (direction === '>=' ? a > b : a < b);
  const byDay = new Map<string, number>();
  for (const r of readings) {
    const have = byDay.get(r.date);
    if (have === undefined || beats(r.value, have)) byDay.set(r.date, r.value);
  }
  const out: Reading[] = [];
  for (const [date, value] of [...byDay].sort((a, b) => a[0].localeCompare(b[0]))) {
    const best = out[out.length - 1];
    if (!best || beats(value, best.value)) out.push({ date, value });
  }
  return out;
}

/** Ordinary least squares y = intercept + slope·x, σ = √(Σ residual² / (n − 2)). */
export function fitLine(
  xs: readonly number[],
  ys: readonly number[],
): { slope: number; intercept: number; sigma: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * ((ys[i] as number) - my);
    sxx += (x - mx) ** 2;
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  const ssr = xs.reduce((s, x, i) => s + ((ys[i] as number) - intercept - slope * x) ** 2, 0);
  return { slope, intercept, sigma: n > 2 ? Math.sqrt(ssr / (n - 2)) : 0 };
}

/**
 * Crossed (the first day a reading meets the target: the snapshot's "reached"), else the
 * trend of the record points — on log10 of the value for a growth unit, on the value
 * otherwise — and where it meets the target, with the band where the line ±1.28σ does.
 */
export function signpostCourse(readings: readonly Reading[], target: Target, growth: boolean): SignpostCourse {
  const points = recordPoints(readings, target.direction);
  const meets = (v: number) => (target.direction === '>=' ? v >= target.target : v <= target.target);
  const crossing = points.find((p) => meets(p.value));
  if (crossing) return { status: 'crossed', date: crossing.date, points: points.length };
  const method: 'linear' | 'log-linear' = growth ? 'log-linear' : 'linear';
  // log10 of 0 (or less) is no point on a growth trend.
  const usable = growth ? points.filter((p) => p.value > 0) : points;
  const none = (reason: string) => ({ status: 'no projection' as const, method, points: usable.length, reason });
  if (usable.length < MIN_POINTS)
    return none(`not enough evidence: ${plural(usable.length, 'distinct point')}, ${MIN_POINTS} needed`);
  if (growth && target.target <= 0) return none('a log-linear trend cannot reach a target of 0 or less');
  const scale = (v: number) => (growth ? Math.log10(v) : v);
  const xs = usable.map((p) => dayNumber(p.date));
  const { slope, intercept, sigma } = fitLine(
    xs,
    usable.map((p) => scale(p.value)),
  );
  const toward = target.direction === '>=' ? slope > 0 : slope < 0;
  if (!toward) return none('the trend does not move toward the target');
  const goal = scale(target.target);
  const last = xs[xs.length - 1] as number;
  // The day the line reaches y; one further than the horizon from the last point is no date.
  const dayAt = (y: number) => (y - intercept) / slope;
  const shown = (x: number) => (Math.abs(x - last) > HORIZON_DAYS ? null : dateOfDay(x));
  const [early, late] = [dayAt(goal - INTERVAL_Z * sigma), dayAt(goal + INTERVAL_Z * sigma)].sort((p, q) => p - q);
  return {
    status: 'projected',
    method,
    date: shown(dayAt(goal)),
    low: shown(early as number),
    high: shown(late as number),
    points: usable.length,
    // Rounded for people and JSON; the dates above come from the exact fit.
    slopePerYear: roundTo(slope * 365, 6),
    sigma: roundTo(sigma, 6),
  };
}
