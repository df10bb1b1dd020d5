import type { SignpostCourse } from '../forecasts/projection.js';
import { plural } from '../core/wording.js';
import type { ForecastRow } from './forecast-report.js';

/**
 * Forecasts in words, one short phrase per cell: shared by the terminal table, `snapshot
 * --explain` and the digest, so they all say the same thing. Plain text: callers escape.
 */

/** "by 2026-12-31", "median 2027-06-01 (80%: 2026-01-01 to 2028-12-31)", "50% by 2026-12-31". */
export function forecastWords(f: ForecastRow): string {
  const said =
    f.kind === 'date'
      ? `by ${f.date}`
      : f.kind === 'probability'
        ? `${percent(f.probability ?? 0)} by ${f.date}`
        : `median ${f.date}` + (f.low && f.high ? ` (${percent(f.interval ?? 0)}: ${f.low} to ${f.high})` : '');
  return f.provisional ? `${said} [provisional]` : said;
}

/** "crossed 2025-02-01", "trend 2026-10-27 (80%: … to …)", or why there is no trend. */
export function courseWords(c: SignpostCourse): string {
  if (c.status === 'crossed') return `crossed ${c.date}`;
  if (c.status === 'no projection') return c.reason;
  const when = c.date ?? 'beyond 100 years';
  const band = c.low !== null || c.high !== null ? ` (80%: ${c.low ?? '…'} to ${c.high ?? '…'})` : '';
  return `trend ${when}${band}, ${c.method} over ${plural(c.points, 'point')}`;
}

/** "ahead by 111 days", "behind by at least 99 days", "on track", "pending", "resolved: yes". */
export function verdictWords(f: ForecastRow): string {
  const days = (n: number) => plural(Math.abs(n), 'day');
  switch (f.verdict) {
    case 'ahead':
      return `ahead by ${days(f.aheadDays ?? 0)}`;
    case 'behind':
      return `behind by ${f.atLeast ? 'at least ' : ''}${days(f.aheadDays ?? 0)}`;
    case 'on track':
      return 'on track';
    case 'unknown':
      return 'not enough evidence';
    case 'pending':
      if (f.aheadDays === null) return 'pending';
      return `pending (trend: ${days(f.aheadDays)} ${f.aheadDays >= 0 ? 'before' : 'after'} the date)`;
    case 'resolved':
      return `resolved: ${f.outcome === 1 ? 'yes' : 'no'}`;
  }
}

/** "−39 days (inside its interval)", "Brier 0.0900", or "" while unscored; `labelled`: "error −39 days". */
export function errorWords(f: ForecastRow, labelled = false): string {
  if (f.errorDays !== null) {
    const sign = f.errorDays > 0 ? '+' : f.errorDays < 0 ? '−' : '';
    const inside = f.insideInterval === null ? '' : f.insideInterval ? ' (inside its interval)' : ' (outside)';
    return `${labelled ? 'error ' : ''}${sign}${plural(Math.abs(f.errorDays), 'day')}${inside}`;
  }
  return f.brier === null ? '' : `Brier ${f.brier.toFixed(4)}`;
}

function percent(p: number): string {
  return `${Math.round(p * 1000) / 10}%`;
}
