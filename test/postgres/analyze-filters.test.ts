import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { type FakeOpenAi, startFakeOpenAi, titleOf } from '../helpers/fake-openai.js';
import { rss } from '../helpers/feeds.js';
import { freshPostgresUrl, queryPostgres } from '../helpers/postgres.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

let feeds: TestServer | undefined;
let llm: FakeOpenAi | undefined;
afterEach(async () => {
  await feeds?.close();
  await llm?.close();
});

describe('analyze with config filters on PostgreSQL', () => {
  it('holds filtered events back, and checks them again when the filters change', async () => {
    const items = ['A benchmark result', 'A hiring note', 'A webinar'].map((title, i) => ({
      title,
      link: `https://lab.example/${i}`,
      date: new Date(Date.UTC(2026, 10, 1, i)).toISOString(),
    }));
    feeds = await startServer(routes({ '/f': { body: rss(items) } }));
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = tempDir();
    const url = await freshPostgresUrl();
    const config = (filters: Record<string, unknown>) =>
      writeConfig(dir, {
        sources: [{ id: 'lab', kind: 'feed', url: `${feeds?.url}/f`, category: 'lab', tier: 'B' }],
        llm: { retryBaseDelayMs: 10 },
        filters,
      });
    const env = { AGI_TRACKER_DB: url, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm.baseUrl };
    config({ sources: { lab: { include: ['benchmark', 'webinar'] } }, exclude: ['/webinar/i'] });
    expect((await runCli(['fetch'], { cwd: dir, env })).code).toBe(0);

    const first = await runCli(['analyze', '--json'], { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ analyzed: 1, filtered: 2 });
    const held = await queryPostgres<{ status: string; n: string }>(
      url,
      "select status, count(*) as n from analyses where provider = 'openai' group by status order by status",
    );
    expect(held).toEqual([
      { status: 'filtered', n: '2' },
      { status: 'ok', n: '1' },
    ]);

    config({ sources: { lab: { include: ['benchmark', 'webinar'] } } });
    const second = await runCli(['analyze', '--json'], { cwd: dir, env });
    expect(JSON.parse(second.stdout)).toMatchObject({ analyzed: 1, filtered: 1 });
    expect(llm.calls.map(titleOf).sort()).toEqual(['A benchmark result', 'A webinar']);
  });
});
