import { describe, expect, it } from 'vitest';
import { forecastFiles } from '../../src/forecasts/data/index.js';
import { effectiveForecasters, shippedForecasters, unknownSignpostErrors } from '../../src/forecasts/load-forecasts.js';
import { parseForecaster } from '../../src/forecasts/parse-forecaster.js';
import { signpostCatalogue } from '../../src/signposts/catalogue.js';

const file = (forecasts: Record<string, unknown>[]) => ({
  forecaster: 'f',
  name: 'F',
  publications: [{ id: 'p', title: 'P', url: 'https://f.example/', published: '2025-01-01' }],
  forecasts: forecasts.map((x, i) => ({
    id: `x${i}`,
    signpost: 'swe_bench_85',
    kind: 'date',
    date: '2026-01-01',
    made: '2025-01-01',
    publication: 'p',
    ...x,
  })),
});

describe('the shipped forecast files', () => {
  it('all parse, and name only shipped signposts', () => {
    const shipped = shippedForecasters();
    expect(shipped).toHaveLength(forecastFiles.length);
    const codes = new Set(signpostCatalogue().map((s) => s.code));
    expect(unknownSignpostErrors(shipped, codes)).toEqual([]);
    expect(new Set(shipped.map((f) => f.forecaster)).size).toBe(shipped.length);
  });
});

describe('parseForecaster', () => {
  it('reads a good file, provisional false unless said', () => {
    const { forecaster, errors } = parseForecaster(file([{}, { provisional: true }]));
    expect(errors).toEqual([]);
    expect(forecaster?.forecasts.map((x) => x.provisional)).toEqual([false, true]);
  });

  it('says what is wrong, one line each, naming where', () => {
    expect(parseForecaster(file([{ date: '2026-02-30' }])).errors).toEqual([
      'forecasts[0].date must be a real day as YYYY-MM-DD',
    ]);
    expect(parseForecaster(file([{ colour: 'red' }])).errors).toEqual(['unknown key "forecasts[0].colour"']);
    expect(parseForecaster(file([{ kind: 'probability' }])).errors).toEqual([
      'forecasts[0] (x0) is a probability and needs probability',
    ]);
    expect(parseForecaster(file([{ kind: 'median', low: '2025-06-01' }])).errors).toEqual([
      'forecasts[0] (x0): an interval needs low, high and interval together',
    ]);
    expect(
      parseForecaster(file([{ kind: 'median', low: '2026-06-01', high: '2027-01-01', interval: 0.8 }])).errors,
    ).toEqual(['forecasts[0] (x0): low ≤ date ≤ high does not hold (2026-06-01, 2026-01-01, 2027-01-01)']);
    expect(parseForecaster(file([{ publication: 'q' }, { id: 'x0' }])).errors).toEqual([
      'forecasts[0] (x0).publication "q" is not in publications',
      'forecasts[1] (x0).id is listed twice',
    ]);
    expect(parseForecaster(file([{ probability: 0.5 }])).errors).toEqual([
      'forecasts[0] (x0).probability is for probability forecasts',
    ]);
    expect(parseForecaster([]).errors).toEqual(['must be an object {forecaster, name, publications, forecasts}']);
  });

  it('lets a config forecaster replace a shipped one of the same id', () => {
    const mine = parseForecaster(file([])).forecaster!;
    expect(effectiveForecasters([mine]).filter((f) => f.forecaster === 'f')).toEqual([mine]);
  });
});
