import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { type FakeOpenAi, startFakeOpenAi } from '../helpers/fake-openai.js';
import { rss } from '../helpers/feeds.js';
import { freshPostgresUrl, queryPostgres } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const NOW = '2026-11-20T12:00:00Z';
const items = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    title: `Lab result number ${from + i}`,
    link: `https://lab.example/r/${from + i}`,
    date: new Date(Date.UTC(2026, 10, 1, 0, from + i)).toISOString(),
    description: 'A model reaches a new score on a public benchmark.',
  }));

describe('db copy', () => {
  it('moves a record SQLite → PostgreSQL → SQLite with every row, the ledger and the same output', async () => {
    let body = rss(items(0, 5));
    const feed = await startServer((_req, res) => void res.end(body));
    const llm: FakeOpenAi = await startFakeOpenAi(() => ({ kind: 'answer', usage: { prompt: 900, completion: 120 } }));
    servers.push(feed, llm);
    const dir = tempDir();
    writeConfig(dir, { sources: [{ id: 'lab', kind: 'feed', url: `${feed.url}/f`, category: 'lab', tier: 'B' }] });
    const env = { AGI_TRACKER_NOW: NOW, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm.baseUrl };
    const cli = (args: string[], db: string) => runCli(args, { cwd: dir, env: { ...env, AGI_TRACKER_DB: db } });
    const local = join(dir, 'agi-tracker.db');
    expect((await cli(['fetch'], local)).code).toBe(0);
    expect((await cli(['analyze'], local)).code).toBe(0);
    expect((await cli(['snapshot'], local)).code).toBe(0);
    const views = async (db: string) =>
      Promise.all(
        [
          ['budget', '--json'],
          ['export', '--format', 'jsonl'],
          ['snapshot', '--json'],
          ['digest', '--json'],
        ].map(async (args) => (await cli(args, db)).stdout.replace(/"generatedAt":"[^"]+"/g, '')),
      );
    await views(local); // digest stores its week and records its run: the second look is the stable one
    const before = await views(local);

    const shared = await freshPostgresUrl();
    const up = await cli(['db', 'copy', '--from', local, '--to', shared, '--json'], local);
    expect(up.code, up.stderr).toBe(0);
    const report = JSON.parse(up.stdout);
    expect(report.rows.events).toBe(5);
    expect(report.rows.llm_calls).toBe(5);
    expect(report.ledger.costUsd).toBeGreaterThan(0);
    expect(up.stdout).not.toContain('agi-test'); // the password
    // Statistics gathered, so the first query plans on the copy are not made blind.
    const analyzed = await queryPostgres<{ relname: string }>(
      shared,
      `select relname from pg_stat_user_tables where relname in ('events', 'analyses', 'llm_calls')
       and last_analyze is not null order by relname`,
    );
    expect(analyzed.map((r) => r.relname)).toEqual(['analyses', 'events', 'llm_calls']);
    expect(await views(shared)).toEqual(before);

    // The copy is a live record: ids continue above the copied ones, nothing is paid twice.
    body = rss(items(0, 7));
    const more = await cli(['fetch', '--json'], shared);
    expect(JSON.parse(more.stdout).totals.new).toBe(2);
    expect((await cli(['analyze', '--json'], shared)).code).toBe(0);
    expect(llm.calls).toHaveLength(7);
    const ids = await queryPostgres<{ id: number }>(shared, 'select id from events order by id');
    expect(ids.map((r) => Number(r.id))).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const back = join(dir, 'back.db');
    const down = await cli(['db', 'copy', '--to', back, '--json'], shared); // --from: the configured db
    expect(down.code, down.stderr).toBe(0);
    expect(JSON.parse(down.stdout).rows.events).toBe(7);
    expect((await views(back))[0]).toEqual((await views(shared))[0]);
  }, 120_000);

  it('writes nothing into a database that holds a record, and refuses the same database twice', async () => {
    const dir = tempDir();
    const local = join(dir, 'agi-tracker.db');
    const shared = await freshPostgresUrl();
    const cli = (args: string[]) => runCli(args, { cwd: dir, env: { AGI_TRACKER_NOW: NOW } });
    expect((await cli(['fetch', '--offline', '--db', local])).code).toBe(0);
    expect((await cli(['fetch', '--offline', '--db', shared])).code).toBe(0);
    const [{ n: before }] = (await queryPostgres<{ n: string }>(shared, 'select count(*) as n from events')) as [
      { n: string },
    ];
    const res = await cli(['db', 'copy', '--from', local, '--to', shared]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/already holds a record: db copy writes only into an empty database/);
    expect(res.stderr).not.toContain('agi-test');
    const [{ n: after }] = (await queryPostgres<{ n: string }>(shared, 'select count(*) as n from events')) as [
      { n: string },
    ];
    expect(after).toBe(before);
    const same = await cli(['db', 'copy', '--from', local, '--to', local]);
    expect(same.code).toBe(2);
    const missing = await cli(['db', 'copy', '--from', join(dir, 'none.db'), '--to', join(dir, 'new.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/database not found/);
    expect(existsSync(join(dir, 'new.db'))).toBe(false);
  }, 60_000);
});
