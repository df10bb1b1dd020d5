import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, runCli, spawnCli, tempDir, writeConfig } from '../helpers/cli.js';
import { type FakeOpenAi, startFakeOpenAi, titleOf } from '../helpers/fake-openai.js';
import { rss } from '../helpers/feeds.js';
import { freshPostgresUrl, queryPostgres } from '../helpers/postgres.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';
import { until } from '../helpers/wait.js';

/**
 * The behaviour that must not depend on the backend, run on both: the same flows through
 * the CLI on a SQLite file and on a database of the run's real PostgreSQL server, with the
 * same assertions (and, where the record is deterministic, the same output, byte for byte).
 */

type Backend = 'sqlite' | 'postgres';

interface Store {
  backend: Backend;
  dir: string;
  /** For AGI_TRACKER_DB. */
  location: string;
  rows<R>(sql: string): Promise<R[]>;
}

async function store(backend: Backend, config: Record<string, unknown>): Promise<Store> {
  const dir = tempDir();
  writeConfig(dir, { fetch: { concurrency: 1 }, ...config });
  if (backend === 'sqlite') {
    const location = join(dir, 'agi-tracker.db');
    return {
      backend,
      dir,
      location,
      rows: <R>(sql: string) => {
        const h = new Sqlite(location, { readonly: true });
        try {
          return Promise.resolve(h.prepare(sql).all() as R[]);
        } finally {
          h.close();
        }
      },
    };
  }
  const location = await freshPostgresUrl();
  return { backend, dir, location, rows: <R>(sql: string) => queryPostgres(location, sql) as Promise<R[]> };
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const NOW = '2026-11-20T12:00:00Z';
const cli = (s: Store, args: string[], env: Record<string, string> = {}) =>
  runCli(args, { cwd: s.dir, env: { AGI_TRACKER_DB: s.location, AGI_TRACKER_NOW: NOW, ...env } });

function items(n: number, prefix = 'Lab result number') {
  return Array.from({ length: n }, (_, i) => ({
    title: `${prefix} ${String(i).padStart(3, '0')}`,
    link: `https://lab.example/r/${i}`,
    date: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
    description: 'A model reaches a new score on a public benchmark.',
  }));
}

async function feedServer(body: string): Promise<TestServer> {
  const server = await startServer(routes({ '/f': { body } }));
  servers.push(server);
  return server;
}

const labSource = (server: TestServer) => [
  { id: 'lab', kind: 'feed', url: `${server.url}/f`, category: 'lab', tier: 'B' },
];

describe('the same record and the same output on SQLite and PostgreSQL', () => {
  it('runs the offline pipeline to identical events, snapshot, digest, export, budget and checks', async () => {
    const outputs: Record<Backend, string[]> = { sqlite: [], postgres: [] };
    for (const backend of ['sqlite', 'postgres'] as const) {
      const s = await store(backend, {});
      expect((await cli(s, ['fetch', '--offline', '--json'])).code).toBe(0);
      expect((await cli(s, ['analyze', '--provider', 'offline', '--json'])).code).toBe(0);
      expect((await cli(s, ['snapshot', '--json'])).code).toBe(0);
      for (const args of [
        ['events', 'list', '--json', '--limit', '100'],
        ['snapshot', '--json'],
        ['snapshot', '--json', '--history', '7'],
        ['digest', '--json'],
        ['digest', '--format', 'md'],
        ['export', '--format', 'jsonl'],
        ['export', '--format', 'csv'],
        ['budget', '--json'],
        ['dedupe-check', '--json'],
        ['cleanup', '--dry-run', '--json'],
      ]) {
        const res = await cli(s, args);
        expect(res.code, `${backend}: ${args.join(' ')}: ${res.stderr}`).toBe(0);
        outputs[backend].push(res.stdout.replace(/"generatedAt":"[^"]+"/g, ''));
      }
    }
    expect(outputs.postgres).toEqual(outputs.sqlite);
    expect(outputs.sqlite[0]).toContain('sample:');
  }, 120_000);
});

describe.each(['sqlite', 'postgres'] as const)('on %s', (backend) => {
  it('keeps identity: a re-fetch stores nothing new; cleanup leaves tombstones the next fetch honours', async () => {
    const server = await feedServer(rss(items(6)));
    const s = await store(backend, { sources: labSource(server), retention: { eventsDays: 15 } });
    const first = JSON.parse((await cli(s, ['fetch', '--json'])).stdout);
    expect(first.totals.new).toBe(6);
    const again = JSON.parse((await cli(s, ['fetch', '--json'])).stdout);
    expect(again.totals.new).toBe(0);
    // NOW is 2026-11-20: with 15 days kept, the events of 2026-11-01 go.
    const cleaned = await cli(s, ['cleanup', '--json']);
    expect(cleaned.code).toBe(0);
    const tombstones = await s.rows<{ n: number }>('select count(*) as n from tombstones');
    expect(Number(tombstones[0]?.n)).toBe(6);
    const after = JSON.parse((await cli(s, ['fetch', '--json'])).stdout);
    expect(after.totals.new).toBe(0);
    const events = await s.rows<{ n: number }>('select count(*) as n from events');
    expect(Number(events[0]?.n)).toBe(0);
  }, 60_000);

  it('stores a feed of 123 items once each, repeats within the one fetch counted as duplicates', async () => {
    // SQLite writes them 100, 10 and 1 rows a statement, PostgreSQL 500: the repeats (a link
    // seen before, a text seen before) fall in different statements on SQLite.
    const many = items(120);
    many.splice(101, 0, { ...many[0], title: 'Retitled' } as (typeof many)[0]);
    many.splice(115, 0, { ...many[105], title: 'Retitled too' } as (typeof many)[0]);
    many.splice(122, 0, { ...many[50], link: 'https://lab.example/r/50-again' } as (typeof many)[0]);
    const server = await feedServer(rss(many));
    const s = await store(backend, { sources: labSource(server), fetch: { concurrency: 1, limit: 500 } });
    const first = JSON.parse((await cli(s, ['fetch', '--json'])).stdout);
    expect(first.totals).toMatchObject({ fetched: 123, new: 120, duplicates: 3 });
    const events = await s.rows<{ n: number }>('select count(*) as n from events');
    expect(Number(events[0]?.n)).toBe(120);
    const found = JSON.parse((await cli(s, ['search', 'result', '--json', '--limit', '500'])).stdout);
    expect(found.results).toHaveLength(120);
  }, 60_000);

  it('lets one of 10 racing fetches run; the others exit 75', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const server = await startServer(async (_req, res) => {
      await gate;
      res.end(rss(items(2)));
    });
    servers.push(server);
    const s = await store(backend, { sources: labSource(server) });
    // The schema first, so the racers contend for the job lock, not the first migration.
    expect((await cli(s, ['fetch', '--offline', '--quiet'])).code).toBe(0);
    const env = { AGI_TRACKER_DB: s.location };
    const racers = Array.from({ length: 10 }, () => collect(spawnCli(['fetch', '--json'], { cwd: s.dir, env })));
    await until(() => server.requests.length > 0, 20_000);
    await new Promise((r) => setTimeout(r, 1500)); // every racer has tried the lock by now
    release();
    const codes = (await Promise.all(racers)).map((r) => r.code).sort();
    expect(codes).toEqual([0, 75, 75, 75, 75, 75, 75, 75, 75, 75]);
    expect(server.requests).toHaveLength(1);
    const runs = await s.rows<{ status: string }>('select status from job_runs order by id');
    expect(runs.filter((r) => r.status === 'success')).toHaveLength(2); // the offline fetch and the winner
  }, 90_000);

  it('keeps 10 racing analyzers under one small hard limit, never sending one event twice', async () => {
    const llm: FakeOpenAi = await startFakeOpenAi(() => ({
      kind: 'answer',
      delayMs: 30,
      usage: { prompt: 2000, cached: 0, completion: 390 },
    }));
    servers.push(llm);
    const server = await feedServer(rss(items(40)));
    const s = await store(backend, {
      sources: labSource(server),
      llm: { retryBaseDelayMs: 10 },
      budget: { hardLimitUsd: 0.01 },
    });
    expect((await cli(s, ['fetch', '--limit', '100'])).code).toBe(0);
    const env = { AGI_TRACKER_DB: s.location, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm.baseUrl };
    const runs = await Promise.all(
      Array.from({ length: 10 }, () =>
        collect(spawnCli(['analyze', '--json', '--concurrency', '2'], { cwd: s.dir, env })),
      ),
    );
    for (const r of runs) expect([0, 4], r.stderr).toContain(r.code);
    expect(runs.some((r) => r.code === 4)).toBe(true); // the limit really bound
    const titles = llm.calls.map(titleOf);
    expect(new Set(titles).size).toBe(titles.length);
    const ledger = await s.rows<{ state: string; reserved_usd: number; cost_usd: number }>(
      'select state, reserved_usd, cost_usd from llm_calls',
    );
    const spent = ledger.reduce(
      (sum, r) => sum + (r.state === 'settled' ? r.cost_usd : r.state === 'reserved' ? r.reserved_usd : 0),
      0,
    );
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(0.01);
    expect(ledger.filter((r) => r.state === 'settled')).toHaveLength(llm.calls.length);
    const ok = await s.rows<{ n: number }>(
      "select count(*) as n from analyses where provider = 'openai' and status = 'ok'",
    );
    expect(Number(ok[0]?.n)).toBe(llm.calls.length);
  }, 120_000);

  it('settles a reservation left by a killed analyzer at its worst case once its lease ends', async () => {
    const llm = await startFakeOpenAi(() => ({ kind: 'hang' }));
    servers.push(llm);
    const server = await feedServer(rss(items(1)));
    const s = await store(backend, { sources: labSource(server) });
    expect((await cli(s, ['fetch'])).code).toBe(0);
    const env = {
      AGI_TRACKER_DB: s.location,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: llm.baseUrl,
      AGI_TRACKER_NOW: '2026-11-10T12:00:00Z',
    };
    const child = spawnCli(['analyze'], { cwd: s.dir, env });
    const done = collect(child);
    await until(() => llm.calls.length > 0, 20_000);
    child.kill('SIGKILL');
    await done;
    const budget = async (at: string) =>
      JSON.parse((await cli(s, ['budget', '--json'], { AGI_TRACKER_NOW: at })).stdout) as {
        today: { spentUsd: number; reservedUsd: number };
      };
    const open = await budget('2026-11-10T12:00:30Z');
    expect(open.today.spentUsd).toBe(0);
    expect(open.today.reservedUsd).toBeGreaterThan(0);
    const later = await budget('2026-11-10T12:10:00Z');
    expect(later.today.spentUsd).toBe(open.today.reservedUsd);
    expect(later.today.reservedUsd).toBe(0);
  }, 60_000);
});
