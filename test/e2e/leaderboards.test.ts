import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const at = { AGI_TRACKER_NOW: '2026-11-20T12:00:00Z' };
const fixture = (name: string) => readFileSync(join(FIXTURES, 'leaderboards', name));
const CORPUS = join(process.cwd(), '..', 'shared', 'corpus', 'leaderboards');

function query<T>(dir: string, sql: string): T[] {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  const rows = h.prepare(sql).all() as T[];
  h.close();
  return rows;
}

function board(url: string, adapter: string, id = 'board') {
  return { id, kind: 'leaderboard', adapter, url, category: 'leaderboard', tier: 'A' };
}

describe('leaderboard sources', () => {
  it('stores an event only for a new best or a new top-5 entry, with stable synthetic URLs', async () => {
    let version = 'swe-bench-v1.json';
    server = await startServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(fixture(version));
    });
    const dir = tempDir();
    writeConfig(dir, { sources: [board(`${server.url}/data/leaderboards.json`, 'swe-bench-verified')] });

    const first = JSON.parse((await runCli(['fetch', '--json'], { cwd: dir, env: at })).stdout);
    expect(first.totals).toMatchObject({ fetched: 6, new: 1, failed: 0 }); // the Lite board is not read
    const again = JSON.parse((await runCli(['fetch', '--json'], { cwd: dir, env: at })).stdout);
    expect(again.totals).toMatchObject({ new: 0, duplicates: 0 });

    version = 'swe-bench-v2.json';
    const changed = JSON.parse((await runCli(['fetch', '--json'], { cwd: dir, env: at })).stdout);
    expect(changed.totals).toMatchObject({ fetched: 8, new: 2 });
    const events = query<{ title: string; url: string; canonical_url: string; kind: string; published_at: string }>(
      dir,
      'select title, url, canonical_url, kind, published_at from events order by id',
    );
    expect(events.map((e) => e.title)).toEqual([
      'SWE-bench Verified: Agent One leads at 74.2%',
      'SWE-bench Verified: Agent Seven sets a new best at 77.6%',
      'SWE-bench Verified: Agent Eight enters the top 5 at #4 (71%)',
    ]);
    expect(events[1]).toMatchObject({
      kind: 'leaderboard',
      url: `${server.url}/data/leaderboards.json#swe-bench-verified/Agent%20Seven/2026-11-10`,
      published_at: '2026-11-10T00:00:00.000Z',
    });
    expect(events.every((e) => e.url === e.canonical_url)).toBe(true);
    const observations = query<{ signpost: string; value: number; observed_on: string; tier: string }>(
      dir,
      'select signpost, value, observed_on, tier from observations order by id',
    );
    expect(observations).toEqual([
      { signpost: 'swe_bench_85', value: 74.2, observed_on: '2026-10-01', tier: 'A' },
      { signpost: 'swe_bench_90', value: 74.2, observed_on: '2026-10-01', tier: 'A' },
      { signpost: 'swe_bench_85', value: 77.6, observed_on: '2026-11-10', tier: 'A' },
      { signpost: 'swe_bench_90', value: 77.6, observed_on: '2026-11-10', tier: 'A' },
    ]);
    const rerun = JSON.parse((await runCli(['fetch', '--json'], { cwd: dir, env: at })).stdout);
    expect(rerun.totals.new).toBe(0);
    expect(query(dir, 'select * from observations')).toHaveLength(4);

    const snap = JSON.parse((await runCli(['snapshot', '--json'], { cwd: dir, env: at })).stdout);
    expect(snap.signposts.find((s: { code: string }) => s.code === 'swe_bench_85')).toMatchObject({
      value: 77.6,
      provisional: false,
      evidence: { tier: 'A', origin: 'leaderboard', title: 'SWE-bench Verified: Agent Seven sets a new best at 77.6%' },
    });
  });

  it('reads the Epoch AI GPQA Diamond CSV (fractions → percent), refuses fractions where percent is due', async () => {
    server = await startServer(
      routes({
        '/gpqa.csv': { body: fixture('epoch-gpqa-diamond.csv'), type: 'text/csv' },
        '/swe.json': { body: fixture('swe-bench-fractions.json'), type: 'application/json' },
      }),
    );
    const dir = tempDir();
    writeConfig(dir, {
      sources: [
        board(`${server.url}/gpqa.csv`, 'epoch-gpqa-diamond', 'gpqa'),
        board(`${server.url}/swe.json`, 'swe-bench-verified', 'swe'),
      ],
    });
    const res = await runCli(['fetch', '--json'], { cwd: dir, env: at });
    expect(res.code).toBe(3);
    const report = JSON.parse(res.stdout);
    expect(report.sources.find((s: { id: string }) => s.id === 'gpqa')).toMatchObject({
      status: 'ok',
      fetched: 4,
      new: 1,
    });
    expect(report.sources.find((s: { id: string }) => s.id === 'swe')).toMatchObject({
      status: 'failed',
      error:
        'leaderboard swe-bench-verified: no usable rows in the table: 0.742 looks ' +
        'like a fraction; percent metrics are in percent (write 74.2 for 74.2%)',
    });
    expect(query(dir, 'select signpost, value, observed_on from observations order by signpost')).toEqual([
      { signpost: 'gpqa_phd_parity', value: 87.4, observed_on: '2026-09-30' },
      { signpost: 'gpqa_sota', value: 87.4, observed_on: '2026-09-30' },
    ]);
    const shown = await runCli(
      ['sources', 'test', `${server.url}/gpqa.csv`, '--adapter', 'epoch-gpqa-diamond', '--json'],
      { cwd: dir, env: at },
    );
    expect(JSON.parse(shown.stdout).rows.map((r: { model: string }) => r.model)).toEqual([
      'model-alpha-2026-09',
      'model-beta-2026-07',
      'model-gamma-2025-12',
      'model-delta-2024-05',
    ]);
  });

  it('names an unknown adapter as a config error', async () => {
    const dir = tempDir();
    writeConfig(dir, { sources: [board('https://lb.example/x.json', 'nope')] });
    const res = await runCli(['fetch'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      new RegExp(
        /sources\[0\]\.adapter must be one of /.source +
          /swe-bench-verified, epoch-gpqa-diamond, lmarena-text, open-llm-v2, open-llm-v1/.source,
      ),
    );
  });

  it.skipIf(!existsSync(CORPUS))('reads the LMArena and Open LLM Leaderboard exports of the corpus', async () => {
    const files: Record<string, [string, string, string]> = {
      // path → adapter, corpus file, the leader's model name
      '/arena.json': ['lmarena-text', 'lmarena_leaderboard-text.json', 'gemini-3-pro'],
      '/arena.csv': ['lmarena-text', 'fboulnois_lmsys_arena_2025-07-18.csv', 'Gemini-2.5-Pro'],
      '/v1.csv': [
        'open-llm-v1',
        'dsdanielpark_open_llm_leaderboard_v1_2023-10-31_BOM.csv',
        'ValiantLabs/ShiningValiant',
      ],
      '/v2.csv': ['open-llm-v2', 'fboulnois_open_llm_leaderboard_v2_2025-03-21.csv', ''],
    };
    server = await startServer(
      routes(
        Object.fromEntries(
          Object.entries(files).map(([path, [, file]]) => [
            path,
            { body: readFileSync(join(CORPUS, file)), type: 'text/plain' },
          ]),
        ),
      ),
    );
    const dir = tempDir();
    writeConfig(dir, {
      sources: Object.entries(files).map(([path, [adapter]], i) => board(`${server?.url}${path}`, adapter, `b${i}`)),
    });
    const res = await runCli(['fetch', '--json'], { cwd: dir, env: at });
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.sources.map((s: { new: number }) => s.new)).toEqual([1, 1, 1, 1]);
    const titles = query<{ title: string }>(dir, 'select title from events order by source_id').map((e) => e.title);
    expect(titles[0]).toMatch(/^LMArena text: gemini-3-pro leads at 1486\.6 Elo$/);
    expect(titles[1]).toMatch(/^LMArena text: Gemini-2\.5-Pro leads at 1474 Elo$/);
    expect(titles[2]).toMatch(/^Open LLM Leaderboard v1: ValiantLabs\/ShiningValiant leads at 74\.17%$/);
    expect(titles[3]).toMatch(/^Open LLM Leaderboard v2: \S+ leads at \d+(\.\d+)?%$/);
    const signposts = query<{ signpost: string }>(
      dir,
      'select distinct signpost from observations order by signpost',
    ).map((o) => o.signpost);
    expect(signposts).toEqual(['lmarena_text_elo', 'open_llm_v1_average', 'open_llm_v2_average']);
    // Monitor-only: shown in the snapshot, never counted in a category.
    const snap = JSON.parse((await runCli(['snapshot', '--json'], { cwd: dir, env: at })).stdout);
    expect(snap.signposts.find((s: { code: string }) => s.code === 'lmarena_text_elo')).toMatchObject({
      monitorOnly: true,
      value: 1486.6,
    });
    expect(snap.categories.capabilities).toMatchObject({ score: 0, withEvidence: 0 });
  });
});
