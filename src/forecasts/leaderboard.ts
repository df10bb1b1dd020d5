import { roundTo } from '../core/rounding.js';
import type { Verdict } from './forecast-verdict.js';

export interface ScoredForecast {
  forecaster: string;
  provisional: boolean;
  verdict: Verdict;
}

export interface LeaderboardRow {
  forecaster: string;
  /** Forecasts counted (provisional ones never are). */
  forecasts: number;
  /** date/median forecasts whose signpost has crossed. */
  scored: number;
  meanAbsErrorDays: number | null;
  /** Of the scored medians with an interval, how many held the crossing. */
  insideInterval: number;
  withInterval: number;
  /** probability forecasts whose outcome is known. */
  brierScored: number;
  meanBrier: number | null;
}

/**
 * Forecasters by mean absolute error in days (then mean Brier score, then name), over their
 * non-provisional forecasts: an unverified claim is shown but never scored.
 */
export function leaderboard(forecasts: readonly ScoredForecast[]): LeaderboardRow[] {
  const by = new Map<string, ScoredForecast[]>();
  for (const f of forecasts) by.set(f.forecaster, [...(by.get(f.forecaster) ?? []), f]);
  const rows = [...by].map(([forecaster, list]) => {
    const counted = list.filter((f) => !f.provisional).map((f) => f.verdict);
    const errors = counted.flatMap((v) => (v.errorDays === null ? [] : [Math.abs(v.errorDays)]));
    const briers = counted.flatMap((v) => (v.brier === null ? [] : [v.brier]));
    const intervals = counted.filter((v) => v.insideInterval !== null);
    return {
      forecaster,
      forecasts: counted.length,
      scored: errors.length,
      meanAbsErrorDays: errors.length ? roundTo(mean(errors), 1) : null,
      insideInterval: intervals.filter((v) => v.insideInterval === true).length,
      withInterval: intervals.length,
      brierScored: briers.length,
      meanBrier: briers.length ? roundTo(mean(briers), 4) : null,
    };
  });
  const nullsLast = (a: number | null, b: number | null) => (a ?? Infinity) - (b ?? Infinity) || 0;
  return rows.sort(
    (a, b) =>
      nullsLast(a.meanAbsErrorDays, b.meanAbsErrorDays) ||
      nullsLast(a.meanBrier, b.meanBrier) ||
      a.forecaster.localeCompare(b.forecaster),
  );
}

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
