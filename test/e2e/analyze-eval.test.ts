import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { type FakeOpenAi, startFakeOpenAi, titleOf } from '../helpers/fake-openai.js';

let llm: FakeOpenAi | undefined;
afterEach(async () => {
  await llm?.close();
  llm = undefined;
});

const GOLD = `${FIXTURES}eval-gold-small.json`;
const env = () => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm?.baseUrl ?? '' });

/** What the fake model answers per gold text: right on two items, a wrong value and tier on the third. */
function answerFor(title: string) {
  const base = { summary: 'An item.', significance: 5, categories: ['capabilities'], rationale: 'Because.' };
  if (title.startsWith('Coding agent'))
    return {
      ...base,
      evidenceTier: 'B',
      signposts: [
        { code: 'swe_bench_85', value: 72.6, confidence: 0.8 }, // within 0.5 points: right
        { code: 'swe_bench_90', value: 72.4, confidence: 0.8 },
      ],
    };
  if (title.startsWith('Training run'))
    return {
      ...base,
      evidenceTier: 'B', // lowers the A source: disagrees with the gold tier
      signposts: [
        { code: 'compute_1e26', value: 26.6, confidence: 0.7 }, // 0.12 off in log10 FLOP: wrong
        { code: 'gpqa_sota', value: null, confidence: 0.2 }, // an extra code
      ],
    };
  return { ...base, evidenceTier: 'C', signposts: [] };
}

describe('analyze eval', () => {
  it('scores an OpenAI-compatible model on a gold file, pays through the ledger and stores the run', async () => {
    llm = await startFakeOpenAi((req) => ({
      kind: 'answer',
      content: JSON.stringify(answerFor(titleOf(req))),
      usage: { prompt: 1000, cached: 0, completion: 100 },
    }));
    const dir = tempDir();
    writeConfig(dir, { llm: { retryBaseDelayMs: 10 } });
    const res = await runCli(['analyze', 'eval', '--gold', GOLD, '--json'], { cwd: dir, env: env() });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const r = JSON.parse(res.stdout);
    expect(llm.calls).toHaveLength(3);
    expect(r).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', promptVersion: 'v1', calls: 3, id: 1 });
    // codes: 3 of 4 predicted are right, all 3 expected found; values: 2 of 4 predicted right, 2 of 3 expected.
    expect(r.overall.codes).toEqual({ precision: 0.75, recall: 1 });
    expect(r.overall.values.precision).toBeCloseTo(2 / 3, 6);
    expect(r.overall.values.recall).toBeCloseTo(2 / 3, 6);
    expect(r.overall.tierAgreement).toBeCloseTo(2 / 3, 6);
    expect(r.parts['held-out']).toMatchObject({ items: 2, codes: { precision: 0.5, recall: 1 }, tierAgreement: 0.5 });
    expect(r.parts.shipped).toMatchObject({ items: 1, codes: { precision: 1, recall: 1 } });
    // gpt-4o-mini: 1000 input at $0.15/M + 100 output at $0.60/M per call.
    expect(r.costUsd).toBeCloseTo((3 * (1000 * 0.15 + 100 * 0.6)) / 1e6, 9);
    const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
    const calls = h.prepare("select state, cost_usd from llm_calls where state = 'settled'").all();
    const runs = h.prepare('select model, prompt_version, codes_precision, cost_usd from eval_runs').all();
    h.close();
    expect(calls).toHaveLength(3);
    expect(runs).toEqual([{ model: 'gpt-4o-mini', prompt_version: 'v1', codes_precision: 0.75, cost_usd: r.costUsd }]);

    const history = await runCli(['analyze', 'eval', '--history', '--json'], { cwd: dir });
    expect(history.code).toBe(0);
    expect(JSON.parse(history.stdout).runs).toMatchObject([
      { id: 1, model: 'gpt-4o-mini', promptVersion: 'v1', codes: { precision: 0.75, recall: 1 }, calls: 3 },
    ]);
    const text = await runCli(['analyze', 'eval', '--history'], { cwd: dir });
    expect(text.stdout).toMatch(/gpt-4o-mini\s+v1\s+.*0\.750\s+1\.000/);
  });

  it('exits 1 below a floor, naming it, and still stores the run', async () => {
    llm = await startFakeOpenAi((req) => ({ kind: 'answer', content: JSON.stringify(answerFor(titleOf(req))) }));
    const dir = tempDir();
    writeConfig(dir, { llm: { retryBaseDelayMs: 10 } });
    const args = ['analyze', 'eval', '--gold', GOLD, '--min-precision', '0.8', '--min-recall', '0.5'];
    const res = await runCli(args, { cwd: dir, env: env() });
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(
      'agi-tracker: gpt-4o-mini (prompt v1) is below the floor: codes precision 0.750 < 0.8, ' +
        'values precision 0.667 < 0.8\n',
    );
    expect(res.stdout).toMatch(/^all\s+3\s+0\.750\s+1\.000\s+0\.667\s+0\.667\s+0\.667\s+0/m);
    const history = await runCli(['analyze', 'eval', '--history', '--json'], { cwd: dir });
    expect(JSON.parse(history.stdout).runs).toHaveLength(1);
  });

  it('stops at the budget (exit 4) and stores nothing', async () => {
    llm = await startFakeOpenAi((req) => ({ kind: 'answer', content: JSON.stringify(answerFor(titleOf(req))) }));
    const dir = tempDir();
    writeConfig(dir, { llm: { retryBaseDelayMs: 10 }, budget: { hardLimitUsd: 0.0001, dailyWarningUsd: 0.0001 } });
    const res = await runCli(['analyze', 'eval', '--gold', GOLD, '--json'], { cwd: dir, env: env() });
    expect(res.code).toBe(4);
    expect(JSON.parse(res.stderr).error.code).toBe('budget');
    expect(llm.calls).toHaveLength(0);
    const history = await runCli(['analyze', 'eval', '--history', '--json'], { cwd: dir });
    expect(JSON.parse(history.stdout).runs).toEqual([]);
  });

  it('refuses a gold file that is not of the shape, naming the item (exit 2)', async () => {
    const dir = tempDir();
    const bad = join(dir, 'gold.json');
    writeConfig(dir, {});
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, JSON.stringify([{ text: 'x', expected: [{ code: 'no_such_code' }] }]));
    const res = await runCli(['analyze', 'eval', '--provider', 'offline', '--gold', bad], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('agi-tracker: --gold: gold.json item 1: unknown signpost code "no_such_code"\n');
  });
});

// The CI gate (ci.yml runs the test suite): the offline analyser on the shipped gold set,
// both parts, must stay above the floors README states for it.
describe('the offline analyser on the shipped gold set (CI gate)', () => {
  it('stays above the floors', async () => {
    const dir = tempDir();
    const floors = ['--min-precision', '0.95', '--min-recall', '0.9'];
    const res = await runCli(['analyze', 'eval', '--provider', 'offline', ...floors, '--json'], { cwd: dir });
    const r = JSON.parse(res.stdout);
    console.info(`offline analyser on the shipped gold set: ${JSON.stringify({ overall: r.overall, parts: r.parts })}`);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(Object.keys(r.parts)).toEqual(['shipped', 'held-out']);
    expect(r).toMatchObject({ provider: 'offline', model: 'offline-rules-v2', calls: 0, costUsd: 0 });
  });
});
