import { describe, expect, it } from 'vitest';
import { fitLine, recordPoints, signpostCourse } from '../../src/forecasts/projection.js';

// Every expected value below is worked out by hand in the comment beside it.

describe('recordPoints: the best value to date', () => {
  it('keeps each day on which the best so far improved, its best reading of that day', () => {
    const readings = [
      { date: '2025-01-05', value: 30 },
      { date: '2025-01-01', value: 10 },
      { date: '2025-01-01', value: 12 }, // same day: the better one
      { date: '2025-01-03', value: 11 }, // no record
      { date: '2025-01-09', value: 30 }, // ties the record: nothing new
    ];
    expect(recordPoints(readings, '>=')).toEqual([
      { date: '2025-01-01', value: 12 },
      { date: '2025-01-05', value: 30 },
    ]);
    // Lower is better for "<=": 10 on Jan 1 is never beaten.
    expect(recordPoints(readings, '<=')).toEqual([{ date: '2025-01-01', value: 10 }]);
  });
});

describe('fitLine: least squares with σ of the residuals', () => {
  it('matches the hand computation', () => {
    // x̄ = 10, ȳ = 62/3; Sxy = 200, Sxx = 200 → slope 1, intercept 62/3 − 10 = 32/3.
    // Residuals −2/3, 4/3, −2/3 → Σr² = 8/3, σ = √(8/3 / 1) = 1.63299…
    const fit = fitLine([0, 10, 20], [10, 22, 30]);
    expect(fit.slope).toBeCloseTo(1, 12);
    expect(fit.intercept).toBeCloseTo(32 / 3, 12);
    expect(fit.sigma).toBeCloseTo(Math.sqrt(8 / 3), 12);
  });
});

describe('signpostCourse', () => {
  const up = { direction: '>=' as const, target: 50 };

  it('is crossed on the first day a reading meets the target', () => {
    const course = signpostCourse(
      [
        { date: '2025-01-01', value: 40 },
        { date: '2025-02-01', value: 50 },
        { date: '2025-03-01', value: 60 },
      ],
      up,
      false,
    );
    expect(course).toEqual({ status: 'crossed', date: '2025-02-01', points: 3 });
  });

  it('projects a linear trend with the ±1.28σ band', () => {
    // Days 0, 10, 20 from 2025-01-01 → y = 32/3 + x. 50 is met at x = 39.33 → day 39 = 2025-02-09.
    // 1.28σ = 2.0903: the band meets 50 at x = 37.24 and 41.42 → 2025-02-07 and 2025-02-11.
    const course = signpostCourse(
      [
        { date: '2025-01-01', value: 10 },
        { date: '2025-01-11', value: 22 },
        { date: '2025-01-21', value: 30 },
      ],
      up,
      false,
    );
    expect(course).toMatchObject({
      status: 'projected',
      method: 'linear',
      date: '2025-02-09',
      low: '2025-02-07',
      high: '2025-02-11',
      points: 3,
      slopePerYear: 365,
      sigma: 1.632993, // √(8/3), to 6 decimals
    });
  });

  it('fits log10 of a growth quantity: a doubling every 100 days reaches 100× in 664 days', () => {
    // 1 h, 2 h, 4 h at days 0, 100, 200: log10 rises 0.30103 per 100 days, exactly (σ = 0).
    // log10(100) = 2 → x = 2 / 0.0030103 = 664.39 → day 664 = 2026-10-27, band the same day.
    const course = signpostCourse(
      [
        { date: '2025-01-01', value: 1 },
        { date: '2025-04-11', value: 2 },
        { date: '2025-07-20', value: 4 },
      ],
      { direction: '>=', target: 100 },
      true,
    );
    expect(course).toMatchObject({
      status: 'projected',
      method: 'log-linear',
      date: '2026-10-27',
      low: '2026-10-27',
      high: '2026-10-27',
    });
    // The same readings fitted linearly (a unit that is no growth quantity) land elsewhere.
    const linear = signpostCourse(
      [
        { date: '2025-01-01', value: 1 },
        { date: '2025-04-11', value: 2 },
        { date: '2025-07-20', value: 4 },
      ],
      { direction: '>=', target: 100 },
      false,
    );
    expect(linear).toMatchObject({ status: 'projected', method: 'linear' });
    expect(linear.status === 'projected' && linear.date).not.toBe('2026-10-27');
  });

  it('projects a falling price for a "<=" target', () => {
    // $1, $0.1, $0.01 at days 0, 100, 200: log10 falls 1 per 100 days; $0.001 at day 300.
    const course = signpostCourse(
      [
        { date: '2025-01-01', value: 1 },
        { date: '2025-04-11', value: 0.1 },
        { date: '2025-07-20', value: 0.01 },
      ],
      { direction: '<=', target: 0.001 },
      true,
    );
    expect(course).toMatchObject({ status: 'projected', date: '2025-10-28' });
  });

  it('draws no trend below 3 distinct points', () => {
    const course = signpostCourse(
      [
        { date: '2025-01-01', value: 10 },
        { date: '2025-01-01', value: 11 },
        { date: '2025-01-11', value: 20 },
        { date: '2025-01-21', value: 20 }, // no new record
      ],
      up,
      false,
    );
    expect(course).toMatchObject({ status: 'no projection', points: 2 });
    expect(course.status === 'no projection' && course.reason).toMatch(/^not enough evidence/);
  });
});
