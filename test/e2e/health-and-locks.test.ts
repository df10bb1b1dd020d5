import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../helpers/wait.js';
import { collect, runCli, spawnCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const at = (iso: string) => ({ AGI_TRACKER_NOW: iso });

function jobRuns(dir: string) {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  const rows = h.prepare("select status from job_runs where job = 'fetch' order by id").pluck().all() as string[];
  const locks = h.prepare('select count(*) from locks').pluck().get();
  h.close();
  return { rows, locks };
}

describe('source health', () => {
  it('pauses after 5 failures in a row, gives one trial fetch after the pause, doubles it on failure', async () => {
    let up = false;
    server = await startServer((_req, res) => {
      if (!up) {
        res.statusCode = 500;
        res.end();
        return;
      }
      res.end(rss([{ title: 'Back', link: 'https://a.example/back' }]));
    });
    const dir = tempDir();
    writeConfig(dir, {
      sources: [{ id: 'flaky', kind: 'feed', url: `${server.url}/f`, category: 'lab', tier: 'B' }],
      http: { retries: 0 },
    });
    for (let i = 0; i < 5; i++) {
      const res = await runCli(['fetch', '--json'], { cwd: dir, env: at('2026-11-01T00:00:00Z') });
      expect(JSON.parse(res.stdout).sources[0].status).toBe('failed');
    }
    expect(server.requests).toHaveLength(5);
    const paused = await runCli(['fetch', '--json'], { cwd: dir, env: at('2026-11-01T00:30:00Z') });
    expect(paused.code).toBe(0);
    expect(JSON.parse(paused.stdout).sources[0]).toMatchObject({ status: 'paused' });
    expect(server.requests).toHaveLength(5);

    // After the 1 h pause: one trial fetch; it fails, so the pause doubles to 2 h.
    const trial = await runCli(['fetch', '--json'], { cwd: dir, env: at('2026-11-01T01:00:01Z') });
    expect(JSON.parse(trial.stdout).sources[0].status).toBe('failed');
    expect(server.requests).toHaveLength(6);
    const list = JSON.parse(
      (await runCli(['sources', 'list', '--json'], { cwd: dir, env: at('2026-11-01T01:00:02Z') })).stdout,
    );
    expect(list[0]).toMatchObject({ consecutiveFailures: 6, pausedUntil: '2026-11-01T03:00:01.000Z' });

    // Naming the source fetches it anyway; success clears the failures and the pause.
    up = true;
    const forced = await runCli(['fetch', '--json', '--source', 'flaky'], {
      cwd: dir,
      env: at('2026-11-01T01:10:00Z'),
    });
    expect(JSON.parse(forced.stdout).sources[0]).toMatchObject({ status: 'ok', new: 1 });
    const healthy = JSON.parse((await runCli(['sources', 'list', '--json'], { cwd: dir })).stdout);
    expect(healthy[0]).toMatchObject({ consecutiveFailures: 0, pausedUntil: null, lastError: null });
  });
});

describe('job lock and signals', () => {
  it('lets only one fetch run at a time: the second exits 75 and is recorded as skipped', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    server = await startServer(async (_req, res) => {
      await gate;
      res.end(rss([{ title: 'Slow', link: 'https://a.example/slow' }]));
    });
    const dir = tempDir();
    writeConfig(dir, { sources: [{ id: 'slow', kind: 'feed', url: `${server.url}/f`, category: 'lab', tier: 'B' }] });
    const first = collect(spawnCli(['fetch', '--json'], { cwd: dir }));
    await until(() => (server?.requests.length ?? 0) > 0);
    const second = await runCli(['fetch', '--json'], { cwd: dir });
    expect(second.code).toBe(75);
    expect(second.stdout).toBe('');
    expect(JSON.parse(second.stderr).error).toMatchObject({
      code: 'locked',
      message: expect.stringMatching(/another fetch is running \(pid \d+/),
    });
    release();
    expect((await first).code).toBe(0);
    const { rows, locks } = jobRuns(dir);
    expect(rows.sort()).toEqual(['skipped', 'success']);
    expect(locks).toBe(0);
  });

  it('after SIGKILL mid-run the database is consistent and the next run takes the lock over', async () => {
    let hang = true;
    server = await startServer((_req, res) => {
      if (hang) return; // never answers: the run is mid-flight when killed
      res.end(rss([{ title: 'After', link: 'https://a.example/after' }]));
    });
    const dir = tempDir();
    writeConfig(dir, { sources: [{ id: 's', kind: 'feed', url: `${server.url}/f`, category: 'lab', tier: 'B' }] });
    const child = spawnCli(['fetch'], { cwd: dir });
    const done = collect(child);
    await until(() => (server?.requests.length ?? 0) > 0);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    hang = false;
    const next = await runCli(['fetch', '--json'], { cwd: dir });
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout).totals.new).toBe(1);
    const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
    expect(h.pragma('integrity_check', { simple: true })).toBe('ok');
    h.close();
    expect(jobRuns(dir).rows).toEqual(['killed', 'success']);
  });

  it('on every start closes runs whose process is gone (dead pid here) or whose lease expired, as killed', async () => {
    const dir = tempDir();
    expect((await runCli(['fetch', '--offline'], { cwd: dir, env: at('2026-11-20T00:00:00Z') })).code).toBe(0);
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number; // a pid that has just exited
    const here = hostname();
    const h = new Sqlite(join(dir, 'agi-tracker.db'));
    const run = h.prepare(
      `insert into job_runs (job, started_at, status, pid, host, ` +
        `lease_until) values (?, '2026-11-19T00:00:00Z', 'running', ?, ?, ?)`,
    );
    const ids = {
      // SIGKILLed analyze: no lock ever pointed at it
      deadHere: run.run('analyze', dead, here, '2099-01-01T00:00:00Z').lastInsertRowid,
      expiredElsewhere: run.run('snapshot', 4242, 'another-host', '2026-11-19T00:10:00Z').lastInsertRowid,
      liveElsewhere: run.run('digest', 4242, 'another-host', '2099-01-01T00:00:00Z').lastInsertRowid,
      liveHere: run.run('cleanup', process.pid, here, '2099-01-01T00:00:00Z').lastInsertRowid,
      // A fetch lock taken over from a dead holder before its run_id was set.
      lockless: run.run('fetch', dead, here, null).lastInsertRowid,
    };
    h.prepare(
      `insert into locks (job, pid, host, run_id, acquired_at, expires_at) values ` +
        `('fetch', ?, ?, null, '2026-11-19T00:00:00Z', '2099-01-01T00:00:00Z')`,
    ).run(dead, here);
    h.close();

    expect(
      (await runCli(['analyze', '--provider', 'offline'], { cwd: dir, env: at('2026-11-20T00:00:00Z') })).code,
    ).toBe(0);
    const r = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
    const status = (id: number | bigint) =>
      r.prepare('select status, error, finished_at from job_runs where id = ?').get(id);
    expect(status(ids.deadHere)).toEqual({
      status: 'killed',
      error: `process ${dead} on ${here} died before finishing`,
      finished_at: '2026-11-20T00:00:00.000Z',
    });
    expect(status(ids.expiredElsewhere)).toMatchObject({
      status: 'killed',
      error: 'process 4242 on another-host stopped renewing its lease at 2026-11-19T00:10:00Z',
    });
    expect(status(ids.liveElsewhere)).toMatchObject({ status: 'running' });
    expect(status(ids.liveHere)).toMatchObject({ status: 'running' });
    expect(status(ids.lockless)).toMatchObject({ status: 'killed' });
    // Each run of ours holds a lease while it runs, and leaves no run open.
    expect(
      r.prepare("select count(*) from job_runs where status = 'running' and lease_until is null").pluck().get(),
    ).toBe(0);
    r.close();
  });

  it('on SIGTERM stops, records the run as interrupted, releases the lock and exits 143', async () => {
    server = await startServer(() => {});
    const dir = tempDir();
    writeConfig(dir, { sources: [{ id: 's', kind: 'feed', url: `${server.url}/f`, category: 'lab', tier: 'B' }] });
    const child = spawnCli(['fetch'], { cwd: dir });
    const done = collect(child);
    await until(() => (server?.requests.length ?? 0) > 0);
    child.kill('SIGTERM');
    const res = await done;
    expect(res.code).toBe(143);
    expect(res.stderr).toMatch(/interrupted by SIGTERM/);
    expect(jobRuns(dir)).toEqual({ rows: ['interrupted'], locks: 0 });
  });
});
