import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { type FakeOpenAi, startFakeOpenAi, titleOf } from '../helpers/fake-openai.js';
import { rss } from '../helpers/feeds.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

let feeds: TestServer | undefined;
let llm: FakeOpenAi | undefined;
afterEach(async () => {
  await feeds?.close();
  await llm?.close();
  feeds = undefined;
  llm = undefined;
});

const PAPERS = [
  { title: 'A new benchmark for agents', description: 'We measure long tasks.' },
  { title: 'Scaling laws revisited', description: 'Trained with 1e25 FLOP.' },
  { title: 'A survey of poetry generation', description: 'Nothing on capabilities.' },
  { title: 'Benchmark webinar next week', description: 'Join our webinar.' },
];

/** Two sources: `arxiv` (per-source include) and `lab` (only the global exclude applies). */
async function setup(filters: Record<string, unknown>) {
  const item = (p: (typeof PAPERS)[number], i: number, host: string) => ({
    ...p,
    link: `https://${host}/p/${i}`,
    date: new Date(Date.UTC(2026, 10, 1, i)).toISOString(),
  });
  feeds = await startServer(
    routes({
      '/arxiv': { body: rss(PAPERS.map((p, i) => item(p, i, 'arxiv.example'))) },
      '/lab': { body: rss([item({ title: 'Lab ships a model', description: 'Details.' }, 9, 'lab.example')]) },
    }),
  );
  const dir = tempDir();
  const config = (f: Record<string, unknown>) =>
    writeConfig(dir, {
      sources: [
        { id: 'arxiv', kind: 'feed', url: `${feeds?.url}/arxiv`, category: 'research', tier: 'A' },
        { id: 'lab', kind: 'feed', url: `${feeds?.url}/lab`, category: 'lab', tier: 'B' },
      ],
      llm: { retryBaseDelayMs: 10 },
      filters: f,
    });
  config(filters);
  expect((await runCli(['fetch'], { cwd: dir })).code).toBe(0);
  return { dir, config };
}

const env = () => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm?.baseUrl ?? '' });
const sentTitles = () => (llm?.calls ?? []).map(titleOf).sort();

describe('analyze with config filters', () => {
  const filters = {
    exclude: ['webinar'],
    sources: { arxiv: { include: ['benchmark', '/\\bFLOPs?\\b/'] } },
  };

  it('never sends a filtered event, counts it, stores it, and --event N still sends it', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const { dir } = await setup(filters);

    const plan = await runCli(['analyze', '--dry-run', '--json'], { cwd: dir, env: env() });
    const planned = JSON.parse(plan.stdout);
    expect(planned.wouldAnalyze.map((e: { title: string }) => e.title).sort()).toEqual([
      'A new benchmark for agents',
      'Lab ships a model',
      'Scaling laws revisited',
    ]);
    expect(planned.wouldFilter).toMatchObject([
      { title: 'Benchmark webinar next week', reason: 'filters.exclude matches "webinar"' },
      { title: 'A survey of poetry generation', reason: 'filters.sources.arxiv.include: none of 2 matches' },
    ]);

    const res = await runCli(['analyze', '--json'], { cwd: dir, env: env() });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ analyzed: 3, filtered: 2, failed: 0 });
    expect(sentTitles()).toEqual(['A new benchmark for agents', 'Lab ships a model', 'Scaling laws revisited']);
    const text = await runCli(['analyze'], { cwd: dir, env: env() });
    expect(text.stdout).toMatch(/0 analyzed, 0 reused, 0 failed, 0 skipped for budget, 0 filtered/);

    // Stored all the same.
    const events = JSON.parse((await runCli(['events', 'list', '--json'], { cwd: dir })).stdout);
    expect(events.events ?? events).toHaveLength(5);

    const poetry = (events.events ?? events).find((e: { title: string }) => e.title.startsWith('A survey'));
    const one = await runCli(['analyze', '--event', String(poetry.id), '--json'], { cwd: dir, env: env() });
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ analyzed: 1, filtered: 0 });
    expect(sentTitles()).toContain('A survey of poetry generation');
  });

  it('checks held-back events again when the filters change', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const { dir, config } = await setup(filters);
    expect(JSON.parse((await runCli(['analyze', '--json'], { cwd: dir, env: env() })).stdout).filtered).toBe(2);
    config({ sources: filters.sources }); // the webinar exclusion is dropped
    const res = await runCli(['analyze', '--json'], { cwd: dir, env: env() });
    expect(JSON.parse(res.stdout)).toMatchObject({ analyzed: 1, filtered: 1 });
    expect(sentTitles()).toContain('Benchmark webinar next week');
    expect(sentTitles()).not.toContain('A survey of poetry generation');
  });

  it('does not hold back from the free offline analyser', async () => {
    const { dir } = await setup(filters);
    const res = await runCli(['analyze', '--provider', 'offline', '--json'], { cwd: dir });
    expect(JSON.parse(res.stdout)).toMatchObject({ analyzed: 5, filtered: 0 });
  });

  it('refuses a pattern that is not a regular expression, naming the key (exit 2)', async () => {
    const dir = tempDir();
    writeConfig(dir, { filters: { sources: { arxiv: { exclude: ['/(unclosed/'] } } } });
    const res = await runCli(['config', 'check'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/filters\.sources\.arxiv\.exclude\[0\] is not a valid regular expression/);
  });
});
