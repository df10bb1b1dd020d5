import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeOffline } from '../../src/analysis/offline-analyzer.js';
import { packageFile } from '../../src/core/package-files.js';

interface GoldItem {
  text: string;
  expected: { code: string; value?: number }[];
}

const gold = JSON.parse(readFileSync(packageFile('src/analysis/signpost-gold.json'), 'utf8')) as GoldItem[];

/** Codes and values the offline mapper gets right, against the hand-labelled gold set. */
function measure() {
  let predicted = 0;
  let expected = 0;
  let correct = 0;
  let predictedValues = 0;
  let expectedValues = 0;
  let correctValues = 0;
  for (const item of gold) {
    const got = analyzeOffline({ title: item.text, summary: '', sourceTier: 'B' }).signposts;
    predicted += got.length;
    expected += item.expected.length;
    predictedValues += got.filter((s) => s.value !== undefined).length;
    expectedValues += item.expected.filter((s) => s.value !== undefined).length;
    for (const want of item.expected) {
      const hit = got.find((s) => s.code === want.code);
      if (!hit) continue;
      correct++;
      if (want.value !== undefined && hit.value !== undefined && Math.abs(hit.value - want.value) < 0.01)
        correctValues++;
    }
  }
  return {
    codes: { precision: correct / predicted, recall: correct / expected },
    values: { precision: correctValues / predictedValues, recall: correctValues / expectedValues },
  };
}

describe('the offline signpost mapper against the gold set', () => {
  it('has at least 40 hand-labelled items', () => {
    expect(gold.length).toBeGreaterThanOrEqual(40);
  });

  // Floors stated in README.md ("Offline analyser"): codes precision ≥ 0.95 and recall ≥ 0.9,
  // values precision ≥ 0.95 and recall ≥ 0.9 (measured with offline-rules-v2: codes 1.000 / 0.991,
  // values 1.000 / 1.000 on 86 items, both parts; `analyze eval --provider offline` per part).
  it('keeps precision and recall of codes and values above the stated floors', () => {
    const m = measure();
    console.info(
      `offline mapper on ${gold.length} gold items: codes P=${m.codes.precision.toFixed(3)} ` +
        `R=${m.codes.recall.toFixed(3)}, values P=${m.values.precision.toFixed(3)} R=${m.values.recall.toFixed(3)}`,
    );
    expect(m.codes.precision).toBeGreaterThanOrEqual(0.95);
    expect(m.codes.recall).toBeGreaterThanOrEqual(0.9);
    expect(m.values.precision).toBeGreaterThanOrEqual(0.95);
    expect(m.values.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('links planned or announced capacity without reading it as reached', () => {
    const planned = analyzeOffline({
      title: 'Consortium announces a 4.5 GW multi-site data centre plan',
      summary: 'Construction of the first campus starts next year.',
      sourceTier: 'B',
    }).signposts;
    expect(planned).toEqual([
      { code: 'dc_power_1gw', confidence: 0.3 },
      { code: 'dc_power_10gw', confidence: 0.3 },
    ]);
    const reached = analyzeOffline({
      title: 'The 1.2 GW data centre campus is now running at full power',
      summary: 'The operator plans a second site.', // another sentence's plan does not touch this one
      sourceTier: 'B',
    }).signposts;
    expect(reached).toEqual([
      { code: 'dc_power_1gw', confidence: 0.6, value: 1.2 },
      { code: 'dc_power_10gw', confidence: 0.6, value: 1.2 },
    ]);
  });

  it('reads paraphrased numbers: words, fractions of a benchmark, cents, FLOP spelled out', () => {
    const read = (title: string) =>
      analyzeOffline({ title, summary: '', sourceTier: 'B' }).signposts.map((s) => `${s.code}=${s.value}`);
    expect(read('The agent resolves eighty-one percent of SWE-bench Verified issues')[0]).toBe('swe_bench_85=81');
    expect(read('It solved 300 out of 500 SWE-bench Verified tasks')[0]).toBe('swe_bench_85=60');
    expect(read('Now 20 cents per million tokens')).toEqual(['inference_cost_low=0.2']);
    expect(read('Trained on 10^26 floating-point operations')[0]).toBe('compute_1e26=26');
    expect(read('The startup hired 40 of 50 applicants; shares rose 12 cents')).toEqual([]);
  });

  it('returns at most 5 signposts per event', () => {
    const all = gold.map((g) => g.text).join('. ');
    expect(analyzeOffline({ title: all, summary: '', sourceTier: 'A' }).signposts.length).toBe(5);
  });
});
