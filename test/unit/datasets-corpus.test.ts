import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Source, TableOptions } from '../../src/core/types.js';
import { signpostCatalogue } from '../../src/signposts/catalogue.js';
import { ranked } from '../../src/sources/leaderboards/changes.js';
import { readLeaderboardTable } from '../../src/sources/leaderboards/read-table.js';

const DATASETS = join(process.cwd(), '..', 'shared', 'corpus', 'datasets');
const NOW = new Date('2026-11-30T00:00:00Z');

/**
 * Every real file of the corpus a dataset adapter reads, with its data-row count as the
 * corpus README states it (counted there with Python's csv module, YAML models, JSON items,
 * non-blank sheet rows) and the leader expected: each row must be read or skipped with a reason.
 */
const FILES: { file: string; adapter: string; table?: TableOptions; rows: number; leader: [string, number] }[] = [
  {
    file: 'metr/benchmark_results_1_1.yaml',
    adapter: 'metr-horizons',
    rows: 25,
    leader: ['claude_opus_4_6_inspect', 718.80683],
  },
  {
    file: 'metr/benchmark_results_1_1_2026-02_with_usage.yaml',
    adapter: 'metr-horizons',
    rows: 23,
    leader: ['claude_opus_4_6_inspect', 870.027186],
  },
  { file: 'metr/benchmark_results_1_0.yaml', adapter: 'metr-horizons', rows: 33, leader: ['claude_opus_4_5', 0] },
  {
    file: 'metr/benchmark_results_legacy_v1_2025-11.yaml',
    adapter: 'metr-horizons',
    rows: 32,
    leader: ['gpt_5_1_codex_max', 161.753349],
  },
  { file: 'epoch_ai_models/large_scale_ai_models.csv', adapter: 'epoch-models', rows: 491, leader: ['GPT-4.5', 26.58] },
  { file: 'epoch_ai_models/notable_ai_models.csv', adapter: 'epoch-models', rows: 1036, leader: ['GPT-4.5', 26.58] },
  { file: 'epoch_ai_models/frontier_ai_models.csv', adapter: 'epoch-models', rows: 137, leader: ['GPT-4.5', 26.58] },
  {
    file: 'epoch_ai_models/ai_models_2026-03-30.zip',
    adapter: 'epoch-models',
    table: { member: 'all_ai_models.csv' },
    rows: 3237,
    leader: ['GPT-4.5', 26.58],
  },
  {
    file: 'epoch_gpu_clusters/gpu_clusters.csv',
    adapter: 'epoch-gpu-clusters',
    rows: 786,
    leader: ['xAI Colossus Memphis Phase 3', 352.352],
  },
  {
    file: 'epoch_data_centers/data_center_timelines.csv',
    adapter: 'epoch-data-centers',
    rows: 282,
    leader: ['Colossus 2', 1494],
  },
  {
    file: 'epoch_data_centers/data_centers.csv',
    adapter: 'epoch-data-centers',
    rows: 50,
    leader: ['Colossus 2', 1494],
  },
  {
    file: 'epoch_data_centers/data_center_timelines_2026-01_oldformat.csv',
    adapter: 'epoch-data-centers',
    rows: 129,
    leader: ['', 0],
  },
  {
    file: 'epoch_data_centers/data_centers_2026-01_oldformat_latlon.csv',
    adapter: 'epoch-data-centers',
    rows: 18,
    leader: ['Anthropic-Amazon New Carlisle', 751],
  },
  {
    file: 'epoch_benchmark_data/gpqa_diamond.csv',
    adapter: 'epoch-hub',
    rows: 157,
    leader: ['gpt-5.4-pro-2026-03-05_xhigh', 0.946],
  },
  {
    file: 'epoch_benchmark_data/swe_bench_verified.csv',
    adapter: 'epoch-hub',
    rows: 25,
    leader: ['', 0.7871900826446281],
  },
  {
    file: 'epoch_benchmark_data/arc_agi_external.csv',
    adapter: 'epoch-hub',
    rows: 119,
    leader: ['gemini-3.1-pro-preview', 0.98],
  },
  {
    file: 'epoch_benchmark_data/os_world_external.csv',
    adapter: 'epoch-hub',
    rows: 56,
    leader: ['claude-opus-4-5-20251101', 66.3],
  },
  {
    file: 'epoch_benchmark_data/frontiermath.csv',
    adapter: 'epoch-hub',
    rows: 89,
    leader: ['gpt-5.4-pro-2026-03-05_xhigh', 0.5],
  },
  {
    file: 'epoch_benchmark_data/benchmark_data_2026-04-11.zip',
    adapter: 'epoch-hub',
    table: { member: 'gpqa_diamond.csv' },
    rows: 155,
    leader: ['', 0.946],
  },
  { file: 'arcprize/leaderboard/v1.json', adapter: 'arc-prize', rows: 154, leader: ['gemini-3-1-pro-preview', 0.98] },
  {
    file: 'osworld/osworld_verified_results.xlsx',
    adapter: 'osworld-verified',
    rows: 145,
    leader: ['Pointer Agent w/ Opus 4.7', 83.64],
  },
];

function sourceFor(file: string, adapter: string, table?: TableOptions): Source {
  return {
    id: 'corpus',
    kind: 'leaderboard',
    url: `https://corpus.example/${file}`,
    category: 'leaderboard',
    tier: 'A',
    enabled: true,
    adapter,
    ...(table ? { table } : {}),
  };
}

describe.skipIf(!existsSync(DATASETS))('the real dataset files of the corpus', () => {
  for (const { file, adapter, table, rows, leader } of FILES) {
    it(`${file}: every row read or skipped with a reason`, async () => {
      const bytes = readFileSync(join(DATASETS, file));
      const read = await readLeaderboardTable(
        sourceFor(file, adapter, table),
        { bytes, contentType: null, now: NOW },
        signpostCatalogue(),
      );
      expect(read.rows.length + read.skipped.length).toBe(rows);
      expect(read.skipped.every((s) => s.row !== '' && s.reason.length > 5)).toBe(true);
      const best = ranked(read.rows)[0];
      if (leader[0]) expect(best?.model).toBe(leader[0]);
      if (leader[1]) expect(best?.score).toBe(leader[1]);
    });
  }

  it('refuses the tables an adapter does not read with one line naming why', async () => {
    const read = (file: string, adapter: string) =>
      readLeaderboardTable(
        sourceFor(file, adapter),
        { bytes: readFileSync(join(DATASETS, file)), contentType: null, now: NOW },
        signpostCatalogue(),
      );
    await expect(read('arcprize/leaderboard/v2.json', 'arc-prize')).rejects.toThrow(
      'leaderboard arc-prize: no v1_Semi_Private evaluations (ARC-AGI-1) in the table',
    );
    await expect(read('arcprize/evaluations.json', 'arc-prize')).rejects.toThrow(
      'leaderboard arc-prize: a bare evaluations list (no providers, no dates): read leaderboard/v1.json',
    );
    await expect(read('osworld/self_reported_results.xlsx', 'osworld-verified')).rejects.toThrow(
      /^leaderboard osworld-verified: no sheet "Eval Results" \(it has Screenshot, /,
    );
    await expect(read('epoch_benchmark_data/benchmark_data_2026-04-11.zip', 'epoch-models')).rejects.toThrow(
      'the body is a ZIP archive; name the file to read in "table.member"',
    );
  });
});
