import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { type FakeOpenAi, startFakeOpenAi, validAnswer } from '../helpers/fake-openai.js';
import { rss } from '../helpers/feeds.js';
import { freshPostgresUrl, queryPostgres } from '../helpers/postgres.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

let feeds: TestServer | undefined;
let llm: FakeOpenAi | undefined;
afterEach(async () => {
  await feeds?.close();
  await llm?.close();
});

describe('analyze --batch on PostgreSQL', () => {
  it('submits, holds the events, collects once at batch prices, and releases what expired', async () => {
    const items = ['First result', 'Second result', 'Third result'].map((title, i) => ({
      title,
      link: `https://lab.example/${i}`,
      date: new Date(Date.UTC(2026, 10, 1, i)).toISOString(),
    }));
    feeds = await startServer(routes({ '/f': { body: rss(items) } }));
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = tempDir();
    const url = await freshPostgresUrl();
    writeConfig(dir, {
      sources: [{ id: 'lab', kind: 'feed', url: `${feeds.url}/f`, category: 'lab', tier: 'B' }],
      llm: { retryBaseDelayMs: 10 },
    });
    const env = { AGI_TRACKER_DB: url, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm.baseUrl };
    expect((await runCli(['fetch'], { cwd: dir, env })).code).toBe(0);
    const analyze = async (...args: string[]) => {
      const res = await runCli(['analyze', '--json', ...args], { cwd: dir, env });
      expect(res.code, res.stderr).toBe(0);
      return JSON.parse(res.stdout);
    };

    expect(await analyze('--batch')).toMatchObject({ batched: 3, batch: { requests: 3 } });
    expect(await analyze()).toMatchObject({ analyzed: 0, collected: { waiting: 1 } });
    expect(llm.calls).toHaveLength(0);

    llm.batch.end('completed', (_req, i) =>
      i === 2 ? { kind: 'expired' } : { kind: 'answer', content: JSON.stringify(validAnswer) },
    );
    expect((await analyze('--collect')).collected).toMatchObject({ closed: 1, analyzed: 2, released: 1 });
    expect((await analyze('--collect')).collected).toBeNull();
    const ledger = await queryPostgres<{ state: string; n: string; cost: number }>(
      url,
      'select state, count(*) as n, sum(cost_usd) as cost from llm_calls group by state order by state',
    );
    expect(ledger.map((r) => [r.state, r.n])).toEqual([
      ['released', '1'],
      ['settled', '2'],
    ]);
    // gpt-4o-mini at batch prices for 400 + 100 cached prompt tokens and 80 completion tokens.
    expect(Number(ledger[1]?.cost)).toBeCloseTo((2 * (400 * 0.075 + 100 * 0.0375 + 80 * 0.3)) / 1e6, 12);
    const analyses = await queryPostgres<{ status: string; n: string }>(
      url,
      "select status, count(*) as n from analyses where provider = 'openai' group by status order by status",
    );
    expect(analyses).toEqual([
      { status: 'ok', n: '2' },
      { status: 'pending', n: '1' },
    ]);
    // The released event is claimed again, live.
    expect(await analyze()).toMatchObject({ analyzed: 1 });
    expect(llm.calls).toHaveLength(1);
  }, 60_000);
});
