import { describe, expect, it } from 'vitest';
import { validateAnalysis } from '../../src/analysis/analysis-schema.js';
import type { Source } from '../../src/core/types.js';
import type { Observation } from '../../src/core/types.js';
import { signpostValues } from '../../src/reports/signpost-values.js';
import { signpostCatalogue } from '../../src/signposts/catalogue.js';
import { unitProblem, unitRanges } from '../../src/signposts/units.js';
import { validateSignposts } from '../../src/signposts/validate-signposts.js';
import { readLeaderboardTable } from '../../src/sources/leaderboards/read-table.js';

const catalogue = signpostCatalogue();
const units = new Map(catalogue.map((s) => [s.code, s.unit]));
const obs = (signpost: string, value: number): Observation => ({
  signpost,
  value,
  date: '2026-03-01',
  tier: 'A',
  eventId: 1,
  title: null,
  url: null,
  sourceId: 's',
  origin: 'analysis',
});

// The readings one LLM answer once used to move four signposts to progress 1.
const impossible = [
  ['inference_cost_low', -1e308], // USD, "<=": a negative price reached the target
  ['osworld_latency_10min', -5], // minutes, "<="
  ['compute_1e27', 1e308], // log10 FLOP
  ['dc_power_10gw', 1e308], // GW
] as const;

describe('every unit has a valid range', () => {
  it('covers every unit of the shipped catalogue, and its baselines and targets lie inside', () => {
    for (const s of catalogue) {
      expect(unitRanges()[s.unit], s.unit).toBeDefined();
      expect(unitProblem(s.unit, s.baseline), s.code).toBeNull();
      expect(unitProblem(s.unit, s.target), s.code).toBeNull();
    }
  });

  it('refuses values impossible in their unit and keeps plausible ones', () => {
    for (const [code, v] of impossible) expect(unitProblem(units.get(code) as string, v), code).toMatch(/outside/);
    expect(unitProblem('0/1', 0.5)).toMatch(/whole numbers/);
    expect(unitProblem('0/1', 1)).toBeNull();
    expect(unitProblem('share (0-1)', 1.2)).toMatch(/outside 0–1/);
    expect(unitProblem('Elo', 1e308)).toMatch(/outside/);
    expect(unitProblem('Elo', 1380)).toBeNull();
    expect(unitProblem('log10 FLOP', 26.3)).toBeNull();
    expect(unitProblem('GW', Number.NaN)).toMatch(/not a finite number/);
    expect(unitProblem('hours', -1)).toMatch(/outside/);
    expect(unitProblem('%', 0.78)).toMatch(/looks like a fraction/);
  });

  it('drops impossible values from an LLM answer (the signpost link stays, without a value)', () => {
    const answer = {
      summary: 's',
      significance: 5,
      categories: [],
      signposts: impossible.map(([code, value]) => ({ code, value, confidence: 1 })),
      evidenceTier: 'A',
      rationale: 'r',
    };
    const checked = validateAnalysis(JSON.stringify(answer), units);
    expect(checked.ok && checked.value.signposts).toEqual(impossible.map(([code]) => ({ code, confidence: 1 })));
  });

  it('never moves the index on stored impossible readings: they are listed as rejected', () => {
    const values = signpostValues(
      catalogue,
      impossible.map(([code, v]) => obs(code, v)),
      '2026-06-01',
    );
    for (const [code] of impossible)
      expect(
        values.find((v) => v.code === code),
        code,
      ).toMatchObject({ value: null, progress: 0, rejected: 1 });
  });

  it('refuses leaderboard rows impossible in the unit (an Elo of 1e308)', async () => {
    const source = {
      id: 'arena',
      kind: 'leaderboard',
      adapter: 'lmarena-text',
      url: 'https://x.example/',
      category: 'leaderboard',
      tier: 'A',
    } as unknown as Source;
    const input = (json: unknown) => ({ bytes: Buffer.from(JSON.stringify(json)), contentType: null, now: new Date() });
    const table = await readLeaderboardTable(
      source,
      input({ full: { good: { rating: 1402.5 }, absurd: { rating: 1e308 }, negative: { rating: -40 } } }),
      catalogue,
    );
    expect(table.rows.map((r) => r.model)).toEqual(['good']);
    expect(table.skipped.map((s) => s.row)).toEqual(['absurd', 'negative']);
    await expect(
      readLeaderboardTable(source, input({ full: { absurd: { rating: 99999 } } }), catalogue),
    ).rejects.toThrow(/no usable rows.*outside 500–3500 for Elo/);
  });

  it('applies to config alike: a new signpost needs a known unit, baselines and targets inside its range', () => {
    const base = {
      name: 'Mine',
      category: 'inputs',
      metric: 'm',
      direction: '>=',
      firstClass: false,
      monitorOnly: false,
    };
    const r = validateSignposts(
      [
        { code: 'my_power', ...base, unit: 'GW', baseline: -1, target: 5000 },
        { code: 'my_thing', ...base, unit: 'furlongs', baseline: 1, target: 2 },
        { code: 'compute_1e27', target: 1e308 },
      ],
      catalogue,
    );
    expect(r.errors).toEqual([
      'signposts[0] (my_power) baseline: -1 is outside 0–1000 for GW (power, gigawatts)',
      'signposts[0] (my_power) target: 5000 is outside 0–1000 for GW (power, gigawatts)',
      expect.stringMatching(/^signposts\[1\] \(my_thing\) unit must be one of "%", "log10 FLOP", "GW"/),
      'signposts[2] (compute_1e27) target: 1e+308 is outside 15–35 for log10 FLOP (training compute as log10 FLOP)',
    ]);
  });
});
