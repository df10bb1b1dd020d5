import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { eventsDir, ledger } from '../helpers/analyze-fixture.js';
import { collect, runCli, spawnCli, tempDir } from '../helpers/cli.js';
import { type FakeOpenAi, startFakeOpenAi } from '../helpers/fake-openai.js';
import type { TestServer } from '../helpers/server.js';
import { until } from '../helpers/wait.js';

let servers: TestServer[] = [];
let llm: FakeOpenAi | undefined;
afterEach(async () => {
  for (const s of servers) await s.close();
  await llm?.close();
  servers = [];
  llm = undefined;
});
const track = (s: TestServer) => servers.push(s);
const env = () => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm?.baseUrl ?? '' });

function lastRun(dir: string, job: string): { status: string } {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  const row = h.prepare('select status from job_runs where job = ? order by id desc limit 1').get(job) as {
    status: string;
  };
  h.close();
  return row;
}

/** Starts `analyze`, sends `signal` once `ready` holds, and returns the result and how long the exit took. */
async function interrupt(
  dir: string,
  args: string[],
  signal: NodeJS.Signals,
  ready: () => boolean,
  extraEnv: Record<string, string> = {},
) {
  const child = spawnCli(['analyze', ...args], { cwd: dir, env: { ...env(), ...extraEnv } });
  const done = collect(child);
  await until(ready, 20_000);
  const sentAt = Date.now();
  child.kill(signal);
  const res = await done;
  return { ...res, exitMs: Date.now() - sentAt };
}

describe('analyze on SIGINT/SIGTERM', () => {
  it('stops waiting in an LLM backoff at once: exit 143, run interrupted', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'status', status: 503, headers: { 'retry-after': '30' } }));
    const dir = await eventsDir(track, 1);
    const res = await interrupt(dir, ['--concurrency', '1'], 'SIGTERM', () => (llm?.calls.length ?? 0) >= 1);
    expect(res.code).toBe(143);
    expect(res.exitMs).toBeLessThan(5000);
    expect(res.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(lastRun(dir, 'analyze').status).toBe('interrupted');
    expect(ledger(dir).rows.map((r) => r.state)).toEqual(['released']); // the 503 was never billed
    expect(ledger(dir).analyses[0]).toMatchObject({ status: 'pending', attempts: 0 }); // free for the next run
  });

  it('cuts a hanging call off at once: exit 143, settled at its worst case (it may have been billed)', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'hang' }));
    const dir = await eventsDir(track, 1);
    const res = await interrupt(dir, [], 'SIGTERM', () => (llm?.calls.length ?? 0) >= 1);
    expect(res.code).toBe(143);
    expect(res.exitMs).toBeLessThan(5000);
    const { rows } = ledger(dir);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'settled', note: 'interrupted in flight: settled at its worst case' });
    expect(rows[0]?.cost_usd).toBe(rows[0]?.reserved_usd);
    expect(lastRun(dir, 'analyze').status).toBe('interrupted');
  });

  it('offline: a long run stops starting work on SIGINT and exits 130 as interrupted, not success', async () => {
    const dir = tempDir();
    expect((await runCli(['fetch', '--offline'], { cwd: dir })).code).toBe(0);
    // 20,000 more events, as a long backlog (inserted directly: fetching them would take longer than
    // the test).
    const h = new Sqlite(join(dir, 'agi-tracker.db'));
    const insert = h.prepare(
      `insert into events (source_id, kind, title, url, canonical_url, content_hash, summary, authors,
                           published_at, fetched_at)
       values ('sample:arxiv', 'paper', ?, ?, ?, ?, 'A model reaches 71.2% on SWE-bench Verified.', '[]',
               '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')`,
    );
    h.transaction(() => {
      for (let i = 0; i < 20_000; i++)
        insert.run(`Backlog item ${i}`, `https://b.example/${i}`, `https://b.example/${i}`, `hash-${i}`);
    })();
    h.close();
    const analysed = () => {
      const r = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
      const n = r.prepare("select count(*) from analyses where status = 'ok'").pluck().get() as number;
      r.close();
      return n;
    };
    const res = await interrupt(dir, ['--max-events', '100000', '--concurrency', '1'], 'SIGINT', () => analysed() > 0, {
      OPENAI_API_KEY: '',
    });
    expect(res.code).toBe(130);
    expect(res.exitMs).toBeLessThan(5000);
    expect(lastRun(dir, 'analyze').status).toBe('interrupted');
    expect(analysed()).toBeLessThan(20_012);
  });
});

describe('analyze --event', () => {
  it('on an event that needs nothing says so and exits 0; an unknown event is an error', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = await eventsDir(track, 1);
    expect((await runCli(['analyze'], { cwd: dir, env: env() })).code).toBe(0);
    const again = await runCli(['analyze', '--event', '1'], { cwd: dir, env: env() });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(
        /event 1 is already analysed by openai \(gpt-4o-mini, prompt v1\): /.source +
          /nothing to do \(use --force to analyse it again\)/.source,
      ),
    );
    const json = await runCli(['analyze', '--event', '1', '--json'], { cwd: dir, env: env() });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ analyzed: 0, note: expect.stringMatching(/already analysed/) });
    const missing = await runCli(['analyze', '--event', '99'], { cwd: dir, env: env() });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/event 99 does not exist/);
    expect(llm.calls).toHaveLength(1);
  });
});
