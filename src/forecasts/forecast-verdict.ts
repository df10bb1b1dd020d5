import type { Forecast } from './forecast-types.js';
import { dayNumber, type SignpostCourse } from './projection.js';

/** Within this many days of the forecast (or inside the projection's 80% band): on track. */
export const ON_TRACK_DAYS = 30;

export interface Verdict {
  /**
   * date/median forecasts: ahead (reality earlier than forecast), behind, on track, or unknown
   * (no crossing, no projection, date still ahead). probability forecasts: pending or resolved.
   */
  verdict: 'ahead' | 'behind' | 'on track' | 'unknown' | 'pending' | 'resolved';
  /**
   * Forecast date minus the crossing (observed, else projected; never before the as-of day while
   * uncrossed): positive means ahead of the forecast by that many days.
   */
  aheadDays: number | null;
  /** aheadDays is a bound: the date passed unreached and no trend says when it will be. */
  atLeast: boolean;
  /** Once crossed, date/median: observed − forecast, in days. */
  errorDays: number | null;
  /** Once crossed, a median with an interval: whether the crossing fell inside it. */
  insideInterval: boolean | null;
  /** probability: 1 when crossed by the date, 0 when the date passed uncrossed, else null. */
  outcome: 0 | 1 | null;
  /** probability, once the outcome is known: (probability − outcome)². */
  brier: number | null;
}

/** One forecast against its signpost's course as of a day (YYYY-MM-DD). */
export function judgeForecast(f: Forecast, course: SignpostCourse, asOf: string): Verdict {
  const forecast = dayNumber(f.date);
  const today = dayNumber(asOf);
  const crossed = course.status === 'crossed' ? dayNumber(course.date) : null;
  const projected = course.status === 'projected' && course.date !== null ? dayNumber(course.date) : null;
  // Not crossed by today: whatever the line says, the crossing is today or later.
  const expected = crossed ?? (projected === null ? null : Math.max(projected, today));
  const base = { errorDays: null, insideInterval: null, outcome: null, brier: null, atLeast: false } as const;

  if (f.kind === 'probability') {
    const p = f.probability ?? 0;
    const outcome = crossed !== null && crossed <= forecast ? 1 : today > forecast ? 0 : null;
    return {
      ...base,
      verdict: outcome === null ? 'pending' : 'resolved',
      aheadDays: expected === null ? null : forecast - expected,
      outcome,
      brier: outcome === null ? null : (p - outcome) ** 2,
    };
  }
  if (crossed !== null) {
    const errorDays = crossed - forecast;
    const insideInterval =
      f.low !== undefined && f.high !== undefined ? course.status === 'crossed' && within(course.date, f) : null;
    const onTrack = Math.abs(errorDays) <= ON_TRACK_DAYS || insideInterval === true;
    return {
      ...base,
      verdict: onTrack ? 'on track' : errorDays < 0 ? 'ahead' : 'behind',
      aheadDays: -errorDays,
      errorDays,
      insideInterval,
    };
  }
  if (expected === null) {
    // No trend: only a date already passed says anything (behind by at least that much).
    if (forecast >= today) return { ...base, verdict: 'unknown', aheadDays: null };
    const late = today - forecast;
    return { ...base, verdict: late <= ON_TRACK_DAYS ? 'on track' : 'behind', aheadDays: -late, atLeast: true };
  }
  const aheadDays = forecast - expected;
  const inBand =
    course.status === 'projected' &&
    forecast >= today &&
    course.low !== null &&
    course.high !== null &&
    f.date >= course.low &&
    f.date <= course.high;
  const onTrack = Math.abs(aheadDays) <= ON_TRACK_DAYS || inBand;
  return { ...base, verdict: onTrack ? 'on track' : aheadDays > 0 ? 'ahead' : 'behind', aheadDays };
}

function within(date: string, f: Forecast): boolean {
  return f.low !== undefined && f.high !== undefined && f.low <= date && date <= f.high;
}
