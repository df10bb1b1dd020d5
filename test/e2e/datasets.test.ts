import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const at = { AGI_TRACKER_NOW: '2026-11-20T12:00:00Z' };
const CORPUS = join(process.cwd(), '..', 'shared', 'corpus', 'datasets');
const fixture = (name: string) => readFileSync(join(FIXTURES, 'datasets', name));

function query<T>(dir: string, sql: string): T[] {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  const rows = h.prepare(sql).all() as T[];
  h.close();
  return rows;
}

function board(id: string, adapter: string, url: string, table?: Record<string, unknown>) {
  return { id, kind: 'leaderboard', adapter, url, category: 'leaderboard', tier: 'A', ...(table ? { table } : {}) };
}

/** Serves the dataset fixtures by path; `version` picks the first or second release of each. */
async function serveDatasets(version: () => 'v1' | 'v2'): Promise<TestServer> {
  const files: Record<string, () => string> = {
    '/metr.yaml': () => `metr-${version()}.yaml`,
    '/large_scale_ai_models.csv': () => `epoch-models-${version()}.csv`,
    '/gpu_clusters.csv': () => `gpu-clusters-${version()}.csv`,
    '/data_center_timelines.csv': () => `data-center-timelines-${version()}.csv`,
    '/benchmark_data.zip': () => `benchmark_data-${version()}.zip`,
    '/v1.json': () => `arc-prize-lb-${version()}.json`,
    '/osworld.xlsx': () => `osworld-${version()}.xlsx`,
  };
  return startServer((req, res) => {
    const name = files[(req.url ?? '/').split('?')[0] as string];
    if (!name) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('content-type', 'application/octet-stream');
    res.end(fixture(name()));
  });
}

function datasetSources(url: string) {
  return [
    board('metr', 'metr-horizons', `${url}/metr.yaml`),
    board('epoch-models', 'epoch-models', `${url}/large_scale_ai_models.csv`),
    board('gpu-clusters', 'epoch-gpu-clusters', `${url}/gpu_clusters.csv`),
    board('data-centers', 'epoch-data-centers', `${url}/data_center_timelines.csv`),
    board('hub-gpqa', 'epoch-hub', `${url}/benchmark_data.zip`, { member: 'gpqa_diamond.csv' }),
    board('hub-frontiermath', 'epoch-hub', `${url}/benchmark_data.zip`, { member: 'frontiermath.csv' }),
    board('arc', 'arc-prize', `${url}/v1.json`),
    board('osworld', 'osworld-verified', `${url}/osworld.xlsx`),
  ];
}

interface SignpostJson {
  code: string;
  value: number | null;
  evidence: { tier: string; origin: string; date: string } | null;
}

describe('dataset sources', () => {
  it('moves the signposts they feed, stores only changes, and carries METR’s caveat into --explain', async () => {
    let version: 'v1' | 'v2' = 'v1';
    server = await serveDatasets(() => version);
    const dir = tempDir();
    writeConfig(dir, { sources: datasetSources(server.url) });

    const before = JSON.parse((await runCli(['snapshot', '--json'], { cwd: dir, env: at })).stdout);
    expect(before.categories.inputs).toMatchObject({ withEvidence: 0, tierA: 0 });

    const first = await runCli(['fetch', '--json'], { cwd: dir, env: at });
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    const byId = (id: string) => report.sources.find((s: { id: string }) => s.id === id);
    expect(report.sources.every((s: { new: number }) => s.new === 1)).toBe(true); // each board's leader
    // Rows read and rows skipped: Grok 4 and Gemini 1.0 Ultra are speculative, one has no compute.
    expect(byId('epoch-models')).toMatchObject({ fetched: 4, skipped: 3 });
    expect(byId('gpu-clusters')).toMatchObject({ fetched: 4, skipped: 2 }); // planned; no power figure
    expect(byId('data-centers')).toMatchObject({ fetched: 4, skipped: 2 }); // 0 MW while being built
    expect(byId('arc')).toMatchObject({ fetched: 3, skipped: 2 }); // the human panel; a hidden entry
    expect(byId('osworld')).toMatchObject({ fetched: 3, skipped: 1 }); // "🚧" is no success rate

    const snap = JSON.parse((await runCli(['snapshot', '--json'], { cwd: dir, env: at })).stdout);
    const value = (code: string) => snap.signposts.find((s: SignpostJson) => s.code === code) as SignpostJson;
    const expected: Record<string, [number, string]> = {
      agent_100h_task: [119.732634 / 60, '2025-04-16'], // o3's 50% horizon, in hours
      compute_1e26: [25.322, '2023-03-15'], // log10 2.1e25 (GPT-4)
      compute_1e27: [25.322, '2023-03-15'],
      dc_power_1gw: [0.302, '2026-01-13'], // Colossus 2 in the data-centre timelines, 302 MW
      dc_power_10gw: [0.302, '2026-01-13'],
      gpqa_sota: [89.8, '2026-04-08'], // 0.898 in the Hub's CSV inside the ZIP
      frontiermath_50: [43.79310344827586, '2026-04-16'],
      arc_agi_85: [56, '2024-11-03'], // not the human panel's 98%, nor the hidden 75.7%
      osworld_65: [31.3, '2025-07-28'], // the best of computer-use-preview's two step budgets
    };
    for (const [code, [v, date]] of Object.entries(expected)) {
      expect(value(code).value, code).toBeCloseTo(v, 6);
      expect(value(code).evidence, code).toMatchObject({ tier: 'A', origin: 'leaderboard', date });
    }
    expect(snap.categories.capabilities).toMatchObject({ withEvidence: 5, tierA: 5 }); // GPQA ×2, ARC, OSWorld ×2
    expect(snap.categories.agents).toMatchObject({ withEvidence: 1, tierA: 1 });
    expect(snap.categories.inputs).toMatchObject({ withEvidence: 4, tierA: 4 });
    expect(snap.categories.inputs.score).toBeGreaterThan(0);

    const again = JSON.parse((await runCli(['fetch', '--json'], { cwd: dir, env: at })).stdout);
    expect(again.totals).toMatchObject({ new: 0, failed: 0 });

    version = 'v2';
    const changed = JSON.parse((await runCli(['fetch', '--json'], { cwd: dir, env: at })).stdout);
    expect(changed.totals).toMatchObject({ new: 8, failed: 0 }); // one new best per table, and Grok 3's entry
    const titles = query<{ title: string }>(dir, 'select title from events order by id').map((e) => e.title);
    expect(titles.slice(-8).sort()).toEqual([
      'ARC-AGI-1 (semi-private): gemini-3-1-pro-preview sets a new best at 98%',
      'Epoch AI GPU clusters (power): xAI Colossus Memphis Phase 3 sets a new best at 0.35 GW',
      'Epoch AI data centres (power): Colossus 2 sets a new best at 1.49 GW',
      'Epoch AI training compute: GPT-4.5 sets a new best at 26.58 log10 FLOP',
      'Epoch AI training compute: Grok 3 enters the top 5 at #2 (26.54 log10 FLOP)',
      'GPQA Diamond: gpt-5.4-pro-2026-03-05_xhigh sets a new best at 94.6%',
      'METR time horizon (50%): claude_opus_4_6_inspect sets a new best at 11.98 hours',
      'OSWorld-Verified: Pointer Agent w/ Opus 4.7 sets a new best at 83.64%',
    ]);
    const rerun = JSON.parse((await runCli(['fetch', '--json'], { cwd: dir, env: at })).stdout);
    expect(rerun.totals.new).toBe(0);

    const later = JSON.parse((await runCli(['snapshot', '--json'], { cwd: dir, env: at })).stdout);
    const now = (code: string) => later.signposts.find((s: SignpostJson) => s.code === code) as SignpostJson;
    expect(now('agent_100h_task').value).toBeCloseTo(718.80683 / 60, 6);
    expect(now('compute_1e27').value).toBe(26.58);
    expect(now('osworld_85').value).toBe(83.64);
    expect(now('osworld_85').evidence?.date).toBe('2026-05-21'); // an Excel serial date (46163)
    expect(now('dc_power_10gw').value).toBe(1.494);
    expect(now('gpqa_phd_parity').value).toBeCloseTo(94.6, 9);
    expect(now('arc_agi_85').value).toBe(98);

    const explained = await runCli(['snapshot', '--explain', 'agent_100h_task'], { cwd: dir, env: at });
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toContain(
      'caveat: METR: time-horizon estimates above 16 hours are unreliable with its current task suite ' +
        '(0 readings here above 16 hours; metr)',
    );
    const json = JSON.parse(
      (await runCli(['snapshot', '--explain', 'agent_100h_task', '--json'], { cwd: dir, env: at })).stdout,
    );
    expect(json.caveats).toEqual([expect.objectContaining({ above: 16, sources: ['metr'], readingsAbove: 0 })]);
    const gpqa = JSON.parse(
      (await runCli(['snapshot', '--explain', 'gpqa_sota', '--json'], { cwd: dir, env: at })).stdout,
    );
    expect(gpqa.caveats).toEqual([]);
  }, 90_000); // 14 CLI runs: more than the default 30 s on a loaded two-core machine
});

describe('dataset sources that cannot be read', () => {
  it('fail their source with one clear line, or the config when the table options cannot work', async () => {
    server = await startServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0] as string;
      const body: Record<string, Buffer | string> = {
        '/benchmark_data.zip': fixture('benchmark_data-v2.zip'),
        '/metr.yaml': 'benchmark_name: METR-Horizon-v2\nmodels:\n  - name: x\n',
        '/not.xlsx': 'Model,Date,Success rate\nx,2026-01-01,50\n',
      };
      res.end(body[path] ?? 'not found');
    });
    const url = server.url;
    const dir = tempDir();
    writeConfig(dir, { sources: [board('hub', 'epoch-hub', `${url}/benchmark_data.zip`)] });
    const misconfigured = await runCli(['fetch'], { cwd: dir, env: at });
    expect(misconfigured.code).toBe(2);
    expect(misconfigured.stderr).toMatch(
      /sources\[0\]\.table epoch-hub reads "benchmark_data\.zip" only with "scoreColumn" and "signposts"/,
    );

    writeConfig(dir, {
      sources: [
        board('missing-member', 'epoch-hub', `${url}/benchmark_data.zip`, { member: 'swe_bench_verified.csv' }),
        board('zip-unnamed', 'epoch-models', `${url}/benchmark_data.zip`),
        board('percent', 'epoch-hub', `${url}/benchmark_data.zip`, { member: 'gpqa_diamond.csv', scores: 'percent' }),
        board('metr', 'metr-horizons', `${url}/metr.yaml`),
        board('xlsx', 'osworld-verified', `${url}/not.xlsx`),
        board('generic', 'epoch-hub', `${url}/benchmark_data.zip`, {
          member: 'frontiermath.csv',
          scoreColumn: 'Best score (across scorers)',
          signposts: ['frontiermath_50'],
          benchmark: 'FrontierMath, best scorer',
        }),
      ],
    });
    const res = await runCli(['fetch', '--json'], { cwd: dir, env: at });
    expect(res.code, res.stderr).toBe(3);
    const errors = Object.fromEntries(
      JSON.parse(res.stdout).sources.map((s: { id: string; error: string | null }) => [s.id, s.error]),
    );
    expect(errors).toEqual({
      'missing-member':
        'no member "swe_bench_verified.csv" in the ZIP archive ' +
        '(it holds README.md, gpqa_diamond.csv, frontiermath.csv)',
      'zip-unnamed': 'leaderboard epoch-models: the body is a ZIP archive; name the file to read in "table.member"',
      percent:
        'leaderboard epoch-hub: no usable rows in the table: 0.8358585858585859 looks like a fraction; percent ' +
        'metrics are in percent (write 83.586 for 83.586%)',
      metr: 'leaderboard metr-horizons: no "results" map of models',
      xlsx: 'leaderboard osworld-verified: not a readable XLSX workbook',
      generic: null,
    });
    const titles = query<{ title: string }>(dir, 'select title from events').map((e) => e.title);
    expect(titles).toEqual(['FrontierMath, best scorer: claude-opus-4-7_xhigh leads at 43.79%']);

    const shown = await runCli(
      ['sources', 'test', `${url}/benchmark_data.zip`, '--adapter', 'epoch-hub', '--member', 'gpqa_diamond.csv'],
      { cwd: dir, env: at },
    );
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^1 +gpt-5\.4-pro-2026-03-05_xhigh +94\.6% +2026-03-05 *$/m);
    expect(shown.stdout).toContain(
      'GPQA Diamond: 4 rows shown, feeding gpqa_sota, gpqa_phd_parity; nothing was stored',
    );
  }, 90_000); // 4 CLI runs over 6 tables, one of them a workbook
});

describe.skipIf(!existsSync(CORPUS))('the real dataset files of the corpus', () => {
  it('fill the capabilities, agents and inputs categories of the snapshot', async () => {
    const files: Record<string, string> = {
      '/benchmark_results_1_1.yaml': 'metr/benchmark_results_1_1.yaml',
      '/large_scale_ai_models.csv': 'epoch_ai_models/large_scale_ai_models.csv',
      '/gpu_clusters.csv': 'epoch_gpu_clusters/gpu_clusters.csv',
      '/data_center_timelines.csv': 'epoch_data_centers/data_center_timelines.csv',
      '/benchmark_data.zip': 'epoch_benchmark_data/benchmark_data_2026-04-11.zip',
      '/v1.json': 'arcprize/leaderboard/v1.json',
      '/osworld_verified_results.xlsx': 'osworld/osworld_verified_results.xlsx',
    };
    server = await startServer((req, res) => {
      const file = files[(req.url ?? '/').split('?')[0] as string];
      if (!file) res.statusCode = 404;
      res.end(file ? readFileSync(join(CORPUS, file)) : 'not found');
    });
    const url = server.url;
    const dir = tempDir();
    writeConfig(dir, {
      sources: [
        board('metr', 'metr-horizons', `${url}/benchmark_results_1_1.yaml`),
        board('epoch-models', 'epoch-models', `${url}/large_scale_ai_models.csv`),
        board('gpu-clusters', 'epoch-gpu-clusters', `${url}/gpu_clusters.csv`),
        board('data-centers', 'epoch-data-centers', `${url}/data_center_timelines.csv`),
        board('hub-gpqa', 'epoch-hub', `${url}/benchmark_data.zip`, { member: 'gpqa_diamond.csv' }),
        board('hub-swe', 'epoch-hub', `${url}/benchmark_data.zip`, { member: 'swe_bench_verified.csv' }),
        board('arc', 'arc-prize', `${url}/v1.json`),
        board('osworld', 'osworld-verified', `${url}/osworld_verified_results.xlsx`),
      ],
    });
    const res = await runCli(['fetch', '--json'], { cwd: dir, env: at });
    expect(res.code, res.stderr).toBe(0);
    const snap = JSON.parse((await runCli(['snapshot', '--json'], { cwd: dir, env: at })).stdout);
    for (const category of ['capabilities', 'agents', 'inputs']) {
      expect(snap.categories[category].withEvidence, category).toBeGreaterThan(0);
      expect(snap.categories[category].score, category).toBeGreaterThan(0);
    }
    const value = (code: string) => snap.signposts.find((s: SignpostJson) => s.code === code)?.value;
    expect(value('osworld_85')).toBe(83.64);
    expect(value('agent_100h_task')).toBeCloseTo(718.80683 / 60, 6);
    expect(value('compute_1e27')).toBe(26.58);
    expect(value('dc_power_10gw')).toBe(1.494);
  }, 90_000); // the real tables, the largest a 3 MB ZIP and a workbook
});
