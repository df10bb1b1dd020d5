import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { categoryScores, presetIndex } from '../../src/reports/index-score.js';
import { shippedPresets, validatePresets } from '../../src/signposts/presets.js';
import type { Observation } from '../../src/core/types.js';
import { progress, signpostValues } from '../../src/reports/signpost-values.js';
import { CATEGORIES, type Signpost, signpostCatalogue } from '../../src/signposts/catalogue.js';
import { unitProblem } from '../../src/signposts/units.js';
import { validateSignposts } from '../../src/signposts/validate-signposts.js';

function obs(
  signpost: string,
  value: number | null,
  tier: Observation['tier'] = 'A',
  date = '2026-03-01',
): Observation {
  return { signpost, value, date, tier, eventId: null, title: null, url: null, sourceId: 's', origin: 'analysis' };
}

const catalogue = signpostCatalogue();
const DATE = '2026-06-01';

describe('the index arithmetic, against hand-computed values', () => {
  // capabilities: swe_bench_85 0.6 and swe_bench_90 0.525 (both first-class, weight 2) over a
  //   counted weight of 18 → 2.25 / 18 = 0.125
  // agents: multi_day_project 0.5 and osworld_latency_10min (<=: (60−35)/50) 0.5, weight 1 each,
  //   over 6 → 1/6
  // inputs: compute_1e27 0.5 (w2), compute_1e26 0.75 (w1), inference_cost_low 0 (worse than
  //   baseline, clamped), dc_power_10gw 1 (beyond target, clamped; w2) over 9 → 3.75/9
  // security: mandatory_red_teaming (0.575 − 0.15)/0.85 = 0.5, w2, tier B, over 6 → 1/6
  const values = signpostValues(
    catalogue,
    [
      obs('swe_bench_85', 71),
      obs('swe_bench_90', 71),
      obs('multi_day_project', 2.5),
      obs('osworld_latency_10min', 35),
      obs('compute_1e27', 25.5),
      obs('compute_1e26', 25.5),
      obs('inference_cost_low', 0.5),
      obs('dc_power_10gw', 20),
      obs('mandatory_red_teaming', 0.575, 'B'),
      obs('hle_text_50', 50), // monitor-only: shown, never counted
    ],
    DATE,
  );
  const scores = categoryScores(values);

  it('scores each category as the first-class-weighted mean of its counted signposts', () => {
    expect(scores.capabilities.score).toBeCloseTo(0.125, 4);
    expect(scores.agents.score).toBeCloseTo(1 / 6, 4);
    expect(scores.inputs.score).toBeCloseTo(3.75 / 9, 4);
    expect(scores.security.score).toBeCloseTo(1 / 6, 4);
    expect(scores.capabilities).toMatchObject({ counted: 9, withEvidence: 2 });
    expect(values.find((v) => v.code === 'hle_text_50')).toMatchObject({ value: 50, progress: 1, monitorOnly: true });
  });

  it('gives confidence bands from evidence quality: A → ±0.05, B → ±0.0625, none → [0, 1]', () => {
    expect(scores.capabilities.band[0]).toBeCloseTo(0.075, 4);
    expect(scores.capabilities.band[1]).toBeCloseTo(0.175, 4);
    expect(scores.security.quality).toBe(0.8);
    expect(scores.security.band[0]).toBeCloseTo(1 / 6 - 0.0625, 3);
    expect(scores.security.band[1]).toBeCloseTo(1 / 6 + 0.0625, 3);
    const empty = categoryScores(signpostValues(catalogue, [], DATE));
    expect(empty.agents).toMatchObject({ score: 0, band: [0, 1], quality: null });
  });

  it.each([
    // preset, overall, capability, safety margin — by hand from the four scores above
    ['equal', 0.21875, 0.145833, 0.020833],
    ['aschenbrenner', 0.258333, 0.15, 0.016667],
    ['cotra', 0.216667, 0.147436, 0.019231],
    ['conservative', 0.235417, 0.145833, 0.020833],
  ])('%s: overall %d, capability %d, safety margin %d', (name, overall, capability, margin) => {
    const index = presetIndex(shippedPresets()[name as string] as never, scores);
    expect(index.overall).toBeCloseTo(overall as number, 3);
    expect(index.capability).toBeCloseTo(capability as number, 3);
    expect(index.safetyMargin).toBeCloseTo(margin as number, 3);
  });

  it('keeps every figure exact, so safety margin = security − capability to the last digit', () => {
    // agents 0.5/6 and nothing else: capability (0 + 0.08333…)/2 = 0.041666…; rounding each
    // figure on its own (to 4 places) once printed a margin of −0.0416 beside a capability of 0.0417.
    const odd = categoryScores(signpostValues(catalogue, [obs('multi_day_project', 2.5)], DATE));
    for (const [name, weights] of Object.entries(shippedPresets())) {
      const index = presetIndex(weights, odd);
      expect(index.safetyMargin, name).toBe(odd.security.score - index.capability);
      expect(index.overall, name).toBeCloseTo(
        CATEGORIES.reduce((n, c) => n + weights[c] * odd[c].score, 0),
        12,
      );
    }
    expect(odd.agents.score).toBe(0.5 / 6);
    expect(odd.agents.band).toEqual([0.5 / 6 - 0.05, 0.5 / 6 + 0.05]);
  });

  it('accepts custom presets summing to 1 ± 0.01 and names the bad ones', () => {
    const ok = validatePresets(
      { mine: { capabilities: 0.5, agents: 0.5, inputs: 0, security: 0.005 } },
      shippedPresets(),
    );
    expect(ok.errors).toEqual([]);
    expect(Object.keys(ok.presets)).toEqual(['equal', 'aschenbrenner', 'cotra', 'conservative', 'mine']);
    const bad = validatePresets(
      { heavy: { capabilities: 0.5, agents: 0.5, inputs: 0.5, security: 0 }, odd: { capabilities: 1.2 }, all: {} },
      shippedPresets(),
    );
    expect(bad.errors).toHaveLength(3);
    expect(bad.errors[0]).toMatch(/presets\.heavy weights sum to 1\.5/);
  });
});

describe('progress', () => {
  const up = { direction: '>=' as const, baseline: 50, target: 85 };
  it('clamps, mirrors for "<=", and steps when baseline equals target', () => {
    expect(progress(up, 40)).toBe(0);
    expect(progress(up, 67.5)).toBe(0.5);
    expect(progress(up, 99)).toBe(1);
    expect(progress({ direction: '<=', baseline: 60, target: 10 }, 35)).toBe(0.5);
    expect(progress({ direction: '<=', baseline: 60, target: 10 }, 5)).toBe(1);
    expect(progress({ direction: '>=', baseline: 1, target: 1 }, 0.99)).toBe(0);
    expect(progress({ direction: '>=', baseline: 1, target: 1 }, 1)).toBe(1);
    expect(progress({ direction: '<=', baseline: 3, target: 3 }, 3)).toBe(1);
  });
});

describe('evidence tiers', () => {
  const swe = catalogue.filter((s) => s.code === 'swe_bench_85');
  const value = (observations: Observation[], date = DATE) => signpostValues(swe, observations, date)[0];

  it('never lets C or D move a signpost; they are listed as "if true"', () => {
    const v = value([obs('swe_bench_85', 60, 'A'), obs('swe_bench_85', 84, 'C'), obs('swe_bench_85', 95, 'D')]);
    expect(v).toMatchObject({ value: 60, provisional: false });
    expect(v?.ifTrue.map((o) => o.value).sort()).toEqual([84, 95]);
    const cOnly = value([obs('swe_bench_85', 84, 'C')]);
    expect(cOnly).toMatchObject({ value: null, progress: 0 });
    expect(categoryScores(signpostValues(catalogue, [obs('swe_bench_85', 84, 'C')], DATE)).capabilities.score).toBe(0);
  });

  it('keeps a B value provisional until an A reading lies within 14 days: 14 firms it, 15 does not', () => {
    const b = obs('swe_bench_85', 80, 'B', '2026-03-01');
    expect(value([b])?.provisional).toBe(true);
    expect(value([b, obs('swe_bench_85', 70, 'A', '2026-03-15')])?.provisional).toBe(false);
    expect(value([b, obs('swe_bench_85', 70, 'A', '2026-03-16')])?.provisional).toBe(true);
    expect(value([b, obs('swe_bench_85', 70, 'A', '2026-02-15')])?.provisional).toBe(false);
    expect(value([b, obs('swe_bench_85', 70, 'A', '2026-02-14')])?.provisional).toBe(true);
    // An A reading after the snapshot date does not count yet.
    expect(value([b, obs('swe_bench_85', 70, 'A', '2026-03-10')], '2026-03-05')?.provisional).toBe(true);
    expect(value([b, obs('swe_bench_85', 70, 'A', '2026-03-10')], '2026-03-05')?.value).toBe(80);
  });

  it('prefers A over B on an equal value, and ignores readings after the date', () => {
    const v = value([obs('swe_bench_85', 80, 'B', '2026-01-01'), obs('swe_bench_85', 80, 'A', '2026-05-01')]);
    expect(v?.evidence?.tier).toBe('A');
    expect(value([obs('swe_bench_85', 80, 'A', '2026-07-01')])?.value).toBeNull();
  });
});

describe('percent metrics', () => {
  it('refuses fractions and out-of-range values for percent metrics only', () => {
    expect(unitProblem('%', 0.78)).toMatch(/looks like a fraction.*write 78/);
    expect(unitProblem('%', 101)).toMatch(/outside 0–100/);
    expect(unitProblem('%', 78)).toBeNull();
    expect(unitProblem('%', 0)).toBeNull();
    expect(unitProblem('GW', 0.78)).toBeNull();
  });

  it('drops a fraction read for a percent signpost instead of reading it as 0.78 %', () => {
    const [v] = signpostValues(
      catalogue.filter((s) => s.code === 'swe_bench_85'),
      [obs('swe_bench_85', 0.78)],
      DATE,
    );
    expect(v).toMatchObject({ value: null, rejected: 1 });
  });

  it('validates config signposts: overrides by code, new ones need every field, percents in percent', () => {
    const shipped: Signpost[] = catalogue;
    const ok = validateSignposts(
      [
        { code: 'swe_bench_85', target: 80 },
        {
          code: 'my_metric',
          name: 'Mine',
          category: 'agents',
          metric: 'm',
          unit: '%',
          direction: '>=',
          baseline: 10,
          target: 90,
          firstClass: false,
          monitorOnly: false,
        },
      ],
      shipped,
    );
    expect(ok.errors).toEqual([]);
    expect(ok.signposts.find((s) => s.code === 'swe_bench_85')?.target).toBe(80);
    expect(ok.signposts).toHaveLength(shipped.length + 1);
    const bad = validateSignposts(
      [
        { code: 'swe_bench_85', baseline: 0.5 },
        { code: 'new_one', name: 'x' },
        { code: 'gpqa_sota', colour: 'red' },
      ],
      shipped,
    );
    expect(bad.errors).toEqual([
      'signposts[0] (swe_bench_85) baseline: 0.5 looks like a ' +
        'fraction; percent metrics are in percent (write 50 for 50%)',
      'signposts[1] (new_one) is a new signpost and needs category, ' +
        'metric, unit, direction, baseline, target, firstClass, monitorOnly',
      'unknown key "signposts[2].colour"',
    ]);
  });
});

describe('the README on the catalogue', () => {
  it('states the real number of signposts and of monitor-only ones, and names each monitor-only one', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const monitorOnly = catalogue.filter((s) => s.monitorOnly);
    const claim = `${catalogue.length} in all, ${monitorOnly.length} of them monitor-only`;
    expect(readme.includes(claim), `README.md should say "${claim}"`).toBe(true);
    for (const s of monitorOnly) expect(readme.includes(`\`${s.code}\``), s.code).toBe(true);
  });
});
