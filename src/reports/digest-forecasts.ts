import type { Config } from '../config/config.js';
import { addDays } from './dates.js';
import type { Evidence } from './evidence.js';
import { type ForecastRow, forecastReportOf } from './forecast-report.js';

/** The digest's short forecasts section: what crossed this week, and what falls due soon. */
export interface DigestForecasts {
  /** Forecasts due from the week's Monday to this day (YYYY-MM-DD). */
  horizon: string;
  /** Signposts with forecasts first crossed during the week. */
  crossed: { signpost: string; name: string; date: string }[];
  /** Forecasts of the crossed signposts, then those due within the horizon; at most MAX. */
  forecasts: ForecastRow[];
}

/** Forecasts due up to this many days after the week's end count as due soon. */
export const DUE_WITHIN_DAYS = 90;
/** A digest is a short read: at most this many forecasts. */
const MAX = 10;

/** Judged as of the week's Sunday, through the evidence the digest has already opened. */
export async function digestForecasts(
  evidence: Evidence,
  config: Config,
  monday: string,
  sunday: string,
): Promise<DigestForecasts> {
  const horizon = addDays(sunday, DUE_WITHIN_DAYS);
  // Trends need each signpost's A/B history, beyond the window the digest's figures read.
  const report = await forecastReportOf(evidence, config, sunday);
  const crossed = report.signposts.flatMap((s) =>
    s.course.status === 'crossed' && s.course.date >= monday && s.course.date <= sunday
      ? [{ signpost: s.code, name: s.name, date: s.course.date }]
      : [],
  );
  const justCrossed = new Set(crossed.map((c) => c.signpost));
  const due = (f: ForecastRow) => f.date >= monday && f.date <= horizon;
  const forecasts = [
    ...report.forecasts.filter((f) => justCrossed.has(f.signpost)),
    ...report.forecasts
      .filter((f) => !justCrossed.has(f.signpost) && due(f))
      .sort((a, b) => a.date.localeCompare(b.date)),
  ].slice(0, MAX);
  return { horizon, crossed, forecasts };
}
