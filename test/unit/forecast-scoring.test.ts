import { describe, expect, it } from 'vitest';
import type { Forecast } from '../../src/forecasts/forecast-types.js';
import { judgeForecast } from '../../src/forecasts/forecast-verdict.js';
import { leaderboard } from '../../src/forecasts/leaderboard.js';
import type { SignpostCourse } from '../../src/forecasts/projection.js';

// Day counts worked out by hand: Jan 21 → Mar 1 2025 is 10 + 28 + 1 = 39 days.

const base: Forecast = {
  id: 'f',
  signpost: 'swe_bench_85',
  kind: 'date',
  date: '2025-03-01',
  made: '2024-06-01',
  publication: 'p',
  provisional: false,
};
const crossed: SignpostCourse = { status: 'crossed', date: '2025-01-21', points: 3 };
const projected: SignpostCourse = {
  status: 'projected',
  method: 'linear',
  date: '2025-02-10',
  low: '2025-02-01',
  high: '2025-02-20',
  points: 3,
  slopePerYear: 365,
  sigma: 1,
};
const none: SignpostCourse = { status: 'no projection', method: 'linear', points: 2, reason: 'not enough evidence' };

describe('judgeForecast before the crossing', () => {
  it('is on track within 30 days of the projection', () => {
    // Mar 1 − Feb 10 = 19 days.
    expect(judgeForecast(base, projected, '2025-01-21')).toMatchObject({ verdict: 'on track', aheadDays: 19 });
  });

  it('is ahead when the trend crosses well before the forecast date', () => {
    // Feb 10 → Jun 1: 18 + 31 + 30 + 31 + 1 = 111 days.
    expect(judgeForecast({ ...base, date: '2025-06-01' }, projected, '2025-01-21')).toMatchObject({
      verdict: 'ahead',
      aheadDays: 111,
      errorDays: null,
    });
  });

  it('is behind when the forecast date comes before the trend does', () => {
    // Dec 1 → Feb 10: 31 + 40 = 71 days.
    expect(judgeForecast({ ...base, date: '2024-12-01' }, projected, '2025-01-21')).toMatchObject({
      verdict: 'behind',
      aheadDays: -71,
    });
  });

  it('is on track when the forecast lies inside the projection band, even 40 days out', () => {
    const wide = { ...projected, low: '2025-01-25', high: '2025-04-01' };
    // Mar 22 − Feb 10 = 40 days, but inside Jan 25 – Apr 1.
    expect(judgeForecast({ ...base, date: '2025-03-22' }, wide, '2025-01-21')).toMatchObject({
      verdict: 'on track',
      aheadDays: 40,
    });
  });

  it('without a trend: unknown while the date is ahead, behind by at least the days since once passed', () => {
    expect(judgeForecast(base, none, '2025-01-21')).toMatchObject({ verdict: 'unknown', aheadDays: null });
    // Mar 1 → Jun 8: 31 + 30 + 31 + 7 = 99 days.
    expect(judgeForecast(base, none, '2025-06-08')).toMatchObject({
      verdict: 'behind',
      aheadDays: -99,
      atLeast: true,
    });
  });
});

describe('judgeForecast once crossed', () => {
  it('scores a date forecast: observed − forecast', () => {
    expect(judgeForecast(base, crossed, '2025-06-01')).toMatchObject({
      verdict: 'ahead',
      errorDays: -39,
      aheadDays: 39,
      insideInterval: null,
    });
  });

  it('scores a median against its median, and says whether its interval held the crossing', () => {
    const median: Forecast = { ...base, kind: 'median', low: '2025-01-01', high: '2025-06-01', interval: 0.8 };
    expect(judgeForecast(median, crossed, '2025-06-01')).toMatchObject({
      verdict: 'on track',
      errorDays: -39,
      insideInterval: true,
    });
    const narrow = { ...median, low: '2025-02-01' };
    expect(judgeForecast(narrow, crossed, '2025-06-01')).toMatchObject({ verdict: 'ahead', insideInterval: false });
  });
});

describe('probability forecasts: Brier once the outcome is known', () => {
  const p: Forecast = { ...base, kind: 'probability', probability: 0.7 };

  it('crossed by the date → outcome 1, Brier (0.7 − 1)² = 0.09', () => {
    const v = judgeForecast(p, crossed, '2025-01-22');
    expect(v).toMatchObject({ verdict: 'resolved', outcome: 1 });
    expect(v.brier).toBeCloseTo(0.09, 12);
  });

  it('date passed uncrossed → outcome 0, Brier 0.49; before that, pending', () => {
    expect(judgeForecast(p, projected, '2025-01-21')).toMatchObject({ verdict: 'pending', outcome: null, brier: null });
    const v = judgeForecast(p, none, '2025-03-02');
    expect(v).toMatchObject({ verdict: 'resolved', outcome: 0 });
    expect(v.brier).toBeCloseTo(0.49, 12);
    // Crossed after the by-date: still 0.
    expect(judgeForecast({ ...p, date: '2025-01-20' }, crossed, '2025-03-01')).toMatchObject({ outcome: 0 });
  });
});

describe('leaderboard', () => {
  const v = (errorDays: number | null, brier: number | null = null) => ({
    verdict: 'on track' as const,
    aheadDays: null,
    atLeast: false,
    errorDays,
    insideInterval: null,
    outcome: null,
    brier,
  });

  it('ranks by mean absolute error in days, then mean Brier; provisional forecasts are not scored', () => {
    const rows = leaderboard([
      { forecaster: 'a', provisional: false, verdict: v(-39) },
      { forecaster: 'a', provisional: false, verdict: v(10) },
      { forecaster: 'a', provisional: false, verdict: v(null, 0.09) },
      { forecaster: 'b', provisional: false, verdict: v(5) },
      { forecaster: 'b', provisional: true, verdict: v(400) },
      { forecaster: 'c', provisional: false, verdict: v(null, 0.49) },
      { forecaster: 'd', provisional: false, verdict: v(null, 0.25) },
    ]);
    // a: (39 + 10) / 2 = 24.5 over 2; b: 5 over 1 (the provisional 400 left out).
    expect(rows.map((r) => [r.forecaster, r.scored, r.meanAbsErrorDays, r.brierScored, r.meanBrier])).toEqual([
      ['b', 1, 5, 0, null],
      ['a', 2, 24.5, 1, 0.09],
      ['d', 0, null, 1, 0.25],
      ['c', 0, null, 1, 0.49],
    ]);
    expect(rows.find((r) => r.forecaster === 'b')?.forecasts).toBe(1);
  });
});
