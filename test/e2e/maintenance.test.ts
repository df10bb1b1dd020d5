import { existsSync, linkSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeJob } from '../../src/jobs/analyze.js';
import { cleanupJob } from '../../src/jobs/cleanup.js';
import { fetchJob } from '../../src/jobs/fetch.js';
import { explainSnapshot, snapshotJob } from '../../src/jobs/snapshot.js';
import { collect, runCli, spawnCli, tempDir, writeConfig } from '../helpers/cli.js';
import { jobContext } from '../helpers/job-context.js';
import { rss } from '../helpers/feeds.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const NOW = '2026-11-20T00:00:00Z';
const at = { AGI_TRACKER_NOW: NOW };

/** 3 events from 2023 (past the 730-day retention), 2 recent; analysed offline; old ledger and run rows. */
async function seeded() {
  const items = [
    {
      title: 'Old one: an agent reaches 70% on SWE-bench Verified',
      link: 'https://a.example/old1',
      date: '2023-01-01T00:00:00Z',
    },
    { title: 'Old two', link: 'https://a.example/old2', date: '2023-06-01T00:00:00Z' },
    { title: 'Old three', link: 'https://a.example/old3', date: '2025-06-01T00:00:00Z' },
    { title: '=HYPERLINK("http://evil.example") recent', link: 'https://a.example/new1', date: '2026-11-01T00:00:00Z' },
    { title: 'Recent two, with "quotes"', link: 'https://a.example/new2', date: '2026-11-10T00:00:00Z' },
  ];
  server = await startServer(routes({ '/f': { body: rss(items) } }));
  const dir = tempDir();
  writeConfig(dir, { sources: [{ id: 'f', kind: 'feed', url: `${server.url}/f`, category: 'lab', tier: 'B' }] });
  // The jobs in-process, as `fetch` and `analyze --provider offline` would run them.
  expect((await fetchJob(jobContext(dir, at))).verdict).toBe('ok');
  expect((await analyzeJob(jobContext(dir, at), { provider: 'offline' })).verdict).toBe('ok');
  const h = new Sqlite(join(dir, 'agi-tracker.db'));
  const call = h.prepare(
    `insert into llm_calls (at, day, model, state, reserved_usd, cost_usd, ` +
      `lease_until, pid, host) values (?, ?, 'gpt-4o-mini', ?, 0.01, 0.005, ?, 1, 'h')`,
  );
  call.run('2025-01-01T00:00:00Z', '2025-01-01', 'settled', '2025-01-01T00:10:00Z'); // 688 days: past 400
  call.run('2026-11-19T00:00:00Z', '2026-11-19', 'settled', '2026-11-19T00:10:00Z');
  h.prepare(
    `insert into job_runs (job, started_at, finished_at, status, pid, host) values ` +
      `('fetch', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z', 'success', 1, 'h')`,
  ).run();
  const alert = h.prepare(
    `insert into alerts (key, severity, title, text, created_at, resolved_at) values (?, 'error', 't', 'x', ?, ?)`,
  );
  alert.run('job-failing:fetch', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'); // old and resolved: goes
  alert.run('source-paused:x', '2026-01-01T00:00:00Z', null); // old but still open: stays
  h.close();
  return dir;
}

function count(dir: string, table: string): number {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  const n = h.prepare(`select count(*) from ${table}`).pluck().get() as number;
  h.close();
  return n;
}

// The cleanup job in-process; one dry run through the CLI for its --json and exit code.
describe('cleanup', () => {
  it('reports exact counts on a dry run and deletes nothing', async () => {
    const dir = await seeded();
    const res = await runCli(['cleanup', '--dry-run', '--json'], { cwd: dir, env: at });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).deleted).toEqual({ events: 2, analyses: 2, jobRuns: 1, alerts: 1, llmCalls: 1 });
    expect(count(dir, 'events')).toBe(5);
    expect(count(dir, 'tombstones')).toBe(0);
  });

  it('deletes past retention, leaves tombstones the next fetch honours, and vacuums', async () => {
    const dir = await seeded();
    const { verdict, result: report } = await cleanupJob(jobContext(dir, at), { vacuum: true });
    expect(verdict).toBe('ok');
    expect(report.deleted).toEqual({ events: 2, analyses: 2, jobRuns: 1, alerts: 1, llmCalls: 1 });
    expect(report.vacuum?.bytesAfter).toBeGreaterThan(0);
    expect(count(dir, 'events')).toBe(3);
    expect(count(dir, 'analyses')).toBe(3);
    expect(count(dir, 'tombstones')).toBe(2);
    expect(count(dir, 'llm_calls')).toBe(1);
    const again = await fetchJob(jobContext(dir, at));
    expect(again.result.totals).toMatchObject({ new: 0, duplicates: 5 });
    const shorter = await cleanupJob(jobContext(dir, at), { olderThanDays: 30 });
    expect(shorter.result.deleted.events).toBe(1);
  });

  it('keeps the events a stored snapshot value rests on', async () => {
    const dir = await seeded();
    // A backfilled snapshot whose swe_bench value rests on the oldest event.
    const snap = await snapshotJob(jobContext(dir, at), { date: '2023-02-01' });
    expect(snap.verdict).toBe('ok');
    const swe = snap.result.signposts.find((s) => s.code === 'swe_bench_85');
    expect(swe).toMatchObject({ value: 70, evidence: { title: expect.stringMatching(/^Old one/) } });
    const dry = (await cleanupJob(jobContext(dir, at), { dryRun: true })).result;
    expect(dry).toMatchObject({ deleted: { events: 1, analyses: 1 }, keptAsEvidence: 1 });
    const res = (await cleanupJob(jobContext(dir, at))).result;
    expect(res).toMatchObject({ deleted: { events: 1, analyses: 1 }, keptAsEvidence: 1 });
    const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
    expect(h.prepare("select count(*) from events where title like 'Old one%'").pluck().get()).toBe(1);
    expect(h.prepare("select count(*) from events where title = 'Old two'").pluck().get()).toBe(0);
    h.close();
    const explain = await explainSnapshot(jobContext(dir, at), { date: '2023-02-01', code: 'swe_bench_85' });
    expect(explain.observations[0]).toMatchObject({ role: 'value', value: 70, tier: 'B' });
  });
});

describe('backup, export, locks, sources reset', () => {
  it('backs up a consistent copy while a fetch is writing', async () => {
    const many = Array.from({ length: 40 }, (_, f) =>
      rss(
        Array.from({ length: 200 }, (_, i) => ({ title: `Feed ${f} item ${i}`, link: `https://b.example/${f}/${i}` })),
      ),
    );
    server = await startServer((req, res) => {
      const f = Number((req.url ?? '').split('/').pop());
      setTimeout(() => res.end(many[f]), 10 * (f % 5));
    });
    const dir = tempDir();
    writeConfig(dir, {
      sources: many.map((_, f) => ({
        id: `s${f}`,
        kind: 'feed',
        url: `${server?.url}/f/${f}`,
        category: 'lab',
        tier: 'B',
      })),
    });
    await runCli(['fetch', '--source', 's0'], { cwd: dir });
    const fetching = collect(spawnCli(['fetch', '--concurrency', '2'], { cwd: dir }));
    const backup = join(dir, 'copy.db');
    const res = await runCli(['backup', backup, '--json'], { cwd: dir });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ path: backup, bytes: expect.any(Number) });
    expect((await fetching).code).toBe(0);
    const h = new Sqlite(backup, { readonly: true });
    expect(h.pragma('integrity_check', { simple: true })).toBe('ok');
    // at least s0's 100 newest
    expect(h.prepare('select count(*) from events').pluck().get()).toBeGreaterThanOrEqual(100);
    h.close();
    expect(existsSync(`${backup}.partial-${process.pid}`)).toBe(false);
    const bad = await runCli(['backup', join(dir, 'missing', 'x.db')], { cwd: dir });
    expect(bad.code).toBe(2);
  });

  it('refuses to back up the live database onto itself, whatever path names it', async () => {
    const dir = tempDir();
    expect((await runCli(['fetch', '--offline'], { cwd: dir })).code).toBe(0);
    const live = join(dir, 'agi-tracker.db');
    mkdirSync(join(dir, 'sub'));
    symlinkSync(live, join(dir, 'link.db'));
    linkSync(live, join(dir, 'hard.db'));
    const before = count(dir, 'events');
    for (const target of ['agi-tracker.db', './sub/../agi-tracker.db', live, 'link.db', 'hard.db']) {
      const res = await runCli(['backup', target, '--json'], { cwd: dir });
      expect(res.code, target).toBe(2);
      expect(JSON.parse(res.stderr).error, target).toEqual({
        code: 'usage',
        message: `backup target ${target} is the live database itself (./agi-tracker.db); name another file`,
      });
    }
    const wal = await runCli(['backup', 'sub/../agi-tracker.db-wal'], { cwd: dir });
    expect(wal.code).toBe(2);
    expect(wal.stderr.trim()).toBe(
      'agi-tracker: backup target sub/../agi-tracker.db-wal is ' +
        "the live database's wal (./agi-tracker.db); name another file",
    );
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
    expect(count(dir, 'events')).toBe(before);
    const h = new Sqlite(live, { readonly: true });
    expect(h.pragma('quick_check', { simple: true })).toBe('ok');
    h.close();
  });

  it('exports events with their analyses as JSON lines and as safe CSV', async () => {
    const dir = await seeded();
    const jsonl = await runCli(['export'], { cwd: dir, env: at });
    const lines = jsonl.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({
      title: 'Old one: an agent reaches 70% on SWE-bench Verified',
      analysis: { provider: 'offline', tier: 'B' },
    });
    const recent = await runCli(['export', '--since', '30'], { cwd: dir, env: at });
    expect(recent.stdout.trim().split('\n')).toHaveLength(2);
    const csv = await runCli(['export', '--format', 'csv', '--since', '30'], { cwd: dir, env: at });
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]?.startsWith('id,source,kind,title,')).toBe(true);
    expect(rows).toHaveLength(3);
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://evil.example"") recent"`);
    expect(csv.stdout).toContain('"Recent two, with ""quotes"""');
  });

  it('lists and releases locks, and resets source health', async () => {
    const dir = await seeded();
    const h = new Sqlite(join(dir, 'agi-tracker.db'));
    h.prepare(
      `insert into locks (job, pid, host, acquired_at, expires_at) ` +
        `values ('fetch', 999999, 'elsewhere', ?, '2099-01-01T00:00:00Z')`,
    ).run(NOW);
    h.prepare(
      `update sources set consecutive_failures = 7, last_error = 'boom', disabled_until = '2099-01-01T00:00:00Z'`,
    ).run();
    h.close();
    const locks = JSON.parse((await runCli(['locks', '--json'], { cwd: dir })).stdout);
    expect(locks).toEqual([expect.objectContaining({ job: 'fetch', pid: 999999, host: 'elsewhere' })]);
    expect((await runCli(['fetch'], { cwd: dir })).code).toBe(75);
    expect((await runCli(['locks', '--release', 'fetch'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['locks', '--release', 'fetch'], { cwd: dir })).code).toBe(1); // a real job, no lock held
    const noJob = await runCli(['locks', '--release', 'nosuch', '--json'], { cwd: dir });
    expect(noJob.code).toBe(2);
    expect(JSON.parse(noJob.stderr).error).toEqual({
      code: 'usage',
      message: expect.stringMatching(/^no job "nosuch": locks belong to fetch, snapshot, digest, cleanup/),
    });
    expect((await runCli(['sources', 'reset', 'all'], { cwd: dir })).code).toBe(0);
    const health = JSON.parse((await runCli(['sources', 'list', '--json'], { cwd: dir })).stdout);
    expect(health[0]).toMatchObject({ consecutiveFailures: 0, lastError: null, pausedUntil: null });
    const noSource = await runCli(['sources', 'reset', 'nope'], { cwd: dir });
    expect(noSource.code).toBe(2);
    expect(noSource.stderr.trim()).toBe('agi-tracker: no source "nope" (see `agi-tracker sources list`)');
    // A known source that was never fetched has nothing to reset: not an error.
    const never = await runCli(['sources', 'reset', 'sample:arxiv', '--json'], { cwd: dir });
    expect(never.code).toBe(0);
    expect(JSON.parse(never.stdout)).toEqual({ reset: 0 });
  });
});
