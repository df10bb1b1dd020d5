import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const at = (iso: string) => ({ AGI_TRACKER_NOW: iso });

async function setup(kind = 'feed') {
  let failing = false;
  server = await startServer((_req, res) => {
    if (failing) {
      res.statusCode = 500;
      res.end();
      return;
    }
    res.end(rss([{ title: 'Item', link: 'https://a.example/1' }]));
  });
  const dir = tempDir();
  writeConfig(dir, {
    sources: [{ id: 'src', kind, url: `${server.url}/f`, category: 'lab', tier: 'B' }],
    http: { retries: 0 },
  });
  return { dir, fail: () => (failing = true) };
}

async function status(dir: string, now: string) {
  const res = await runCli(['status', '--json'], { cwd: dir, env: at(now) });
  return { code: res.code, report: JSON.parse(res.stdout) };
}

describe('status as a cron probe', () => {
  it('is healthy (exit 0) right after a good fetch, and overdue (exit 1) when fetch stops running', async () => {
    const { dir } = await setup();
    await runCli(['fetch'], { cwd: dir, env: at('2026-11-16T12:00:00Z') }); // a Monday
    const ok = await status(dir, '2026-11-16T15:00:00Z');
    expect(ok.code).toBe(0);
    expect(ok.report).toMatchObject({ healthy: true, problems: [] });
    expect(ok.report.jobs[0]).toMatchObject({
      job: 'fetch',
      lastRun: { status: 'success', counts: { new: 1 } },
      overdue: false,
    });
    const late = await status(dir, '2026-11-16T21:30:00Z'); // 9.5 h > 6 h × 1.5
    expect(late.code).toBe(1);
    expect(late.report.problems).toContain('fetch is overdue: last run 2026-11-16T12:00:00.000Z, expected every 6 h');
  });

  it('watches the snapshot and digest jobs too: overdue after their interval and a half', async () => {
    const { dir } = await setup();
    await runCli(['fetch'], { cwd: dir, env: at('2026-11-16T12:00:00Z') });
    expect((await runCli(['snapshot'], { cwd: dir, env: at('2026-11-16T12:05:00Z') })).code).toBe(0);
    expect((await runCli(['digest'], { cwd: dir, env: at('2026-11-16T12:10:00Z') })).code).toBe(0);
    const fresh = await status(dir, '2026-11-16T15:00:00Z');
    expect(fresh.report.jobs.map((j: { job: string }) => j.job)).toEqual([
      'fetch',
      'analyze',
      'snapshot',
      'digest',
      'cleanup',
    ]);
    expect(fresh.report.jobs[2]).toMatchObject({
      job: 'snapshot',
      lastRun: { status: 'success' },
      expectedEveryHours: 24,
      overdue: false,
    });
    const late = await status(dir, '2026-11-18T01:00:00Z'); // 37 h after the snapshot
    expect(late.code).toBe(1);
    expect(late.report.problems).toContain(
      'snapshot is overdue: last run 2026-11-16T12:05:00.000Z, expected every 24 h',
    );
    expect(late.report.problems.some((p: string) => p.startsWith('digest'))).toBe(false);
  });

  it('fails after 3 failed runs in a row, and on a paused source', async () => {
    const { dir, fail } = await setup();
    await runCli(['fetch'], { cwd: dir, env: at('2026-11-16T00:00:00Z') });
    fail();
    for (let i = 1; i <= 5; i++) await runCli(['fetch'], { cwd: dir, env: at(`2026-11-16T0${i}:00:00Z`) });
    const res = await status(dir, '2026-11-16T05:30:00Z');
    expect(res.code).toBe(1);
    expect(res.report.jobs[0].consecutiveFailures).toBe(5);
    expect(res.report.problems).toContain('fetch failed 5 times in a row');
    expect(
      res.report.problems.some((p: string) => p.startsWith('source src is paused until 2026-11-16T06:00:00.000Z')),
    ).toBe(true);
  });

  it('flags a source silent for more than 7 days as stale, counting only weekdays for arXiv', async () => {
    const { dir } = await setup();
    await runCli(['fetch'], { cwd: dir, env: at('2026-11-06T12:00:00Z') }); // a Friday
    const h = new Sqlite(join(dir, 'agi-tracker.db'));
    h.prepare(
      `insert into job_runs (job, started_at, finished_at, status, pid, host) values ` +
        `('fetch', '2026-11-17T11:00:00Z', '2026-11-17T11:00:01Z', 'success', 1, 'h')`,
    ).run();
    h.close();
    const stale = await status(dir, '2026-11-17T12:00:00Z');
    expect(stale.code).toBe(1);
    expect(stale.report.sources[0]).toMatchObject({ id: 'src', stale: true, lastNewAt: '2026-11-06T12:00:00.000Z' });
    // The same silence for an arXiv listing is 7 weekdays: not yet stale.
    writeConfig(dir, {
      sources: [{ id: 'src', kind: 'arxiv', url: `${server?.url}/api`, category: 'research', tier: 'A' }],
    });
    const arxiv = await status(dir, '2026-11-17T12:00:00Z');
    expect(arxiv.report.sources[0]).toMatchObject({ stale: false });
    expect(arxiv.code).toBe(0);
  });
});

describe('an empty source', () => {
  it('answers but never brings anything new: stale after sourceStaleDays, like a source gone silent', async () => {
    server = await startServer((_req, res) => {
      res.end(rss([]));
    });
    const dir = tempDir();
    writeConfig(dir, { sources: [{ id: 'empty', kind: 'feed', url: `${server.url}/f`, category: 'lab', tier: 'B' }] });
    expect((await runCli(['fetch'], { cwd: dir, env: at('2026-11-06T12:00:00Z') })).code).toBe(0);
    // still answering, still empty
    expect((await runCli(['fetch'], { cwd: dir, env: at('2026-11-17T11:00:00Z') })).code).toBe(0);
    const fresh = await status(dir, '2026-11-06T13:00:00Z');
    expect(fresh.report.sources[0]).toMatchObject({ id: 'empty', stale: false, lastNewAt: null });
    const stale = await status(dir, '2026-11-17T12:00:00Z');
    expect(stale.code).toBe(1);
    expect(stale.report.sources[0]).toMatchObject({
      id: 'empty',
      stale: true,
      lastNewAt: null,
      silentSince: '2026-11-06T12:00:00.000Z',
    });
    expect(stale.report.problems).toContain(
      'source empty is stale: answering since 2026-11-06T12:00:00.000Z, nothing new yet',
    );
  });
});

describe('after the README offline samples', () => {
  it('lists the sample:* sources holding events beside the configured ones, not judging their schedule', async () => {
    const dir = tempDir();
    expect((await runCli(['fetch', '--offline'], { cwd: dir, env: at('2026-11-16T12:00:00Z') })).code).toBe(0);
    const res = await status(dir, '2026-11-16T13:00:00Z');
    expect(res.code).toBe(0);
    const ids = res.report.sources.map((x: { id: string }) => x.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'openai-news',
        'arxiv-cs-ai-lg-cl',
        'sample:ai-news',
        'sample:arxiv',
        'sample:lab-blog',
        'sample:research-blog',
        'sample:swe-bench',
      ]),
    );
    expect(res.report.sources.find((x: { id: string }) => x.id === 'sample:lab-blog')).toMatchObject({
      configured: false,
      lastNewAt: '2026-11-16T12:00:00.000Z',
      stale: false,
      healthy: true,
    });
    expect(res.report.sources.find((x: { id: string }) => x.id === 'openai-news')).toMatchObject({ configured: true });
    // A month later the samples are as silent as ever: not a problem, nothing schedules them.
    const later = await status(dir, '2026-12-16T13:00:00Z');
    expect(later.report.problems.filter((p: string) => p.includes('sample:'))).toEqual([]);
    const text = await runCli(['status'], { cwd: dir, env: at('2026-11-16T13:00:00Z') });
    expect(text.stdout).toMatch(/sample:lab-blog .* not in config/);
  });
});

describe('probes say why on stderr when they exit non-zero (cron mails stderr of `> /dev/null` probes)', () => {
  it('budget --check prints one line when exceeded, nothing when ok', async () => {
    const dir = tempDir();
    const ok = await runCli(['budget', '--check'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe('');
    const over = await runCli(['budget', '--check'], { cwd: dir, env: { LLM_BUDGET_HARD_LIMIT_USD: '0' } });
    expect(over.code).toBe(4);
    expect(over.stdout).toMatch(/status: exceeded/);
    expect(over.stderr.trim().split('\n')).toHaveLength(1);
    expect(over.stderr).toMatch(
      new RegExp(
        /^agi-tracker: budget exceeded: \$0\.0000 spent and \$0\.0000 reserved today against a hard limit of /.source +
          /\$0\.0000; no further call fits \(resets in \d+h \d\dm\)\n$/.source,
      ),
    );
    const json = await runCli(['budget', '--check', '--json'], { cwd: dir, env: { LLM_BUDGET_HARD_LIMIT_USD: '0' } });
    expect(JSON.parse(json.stdout).today.status).toBe('exceeded');
    expect(JSON.parse(json.stderr).error).toMatchObject({
      code: 'budget',
      message: expect.stringMatching(/^budget exceeded: /),
    });
  });

  it('status prints one line naming every problem when unhealthy, nothing when healthy', async () => {
    const { dir } = await setup();
    await runCli(['fetch'], { cwd: dir, env: at('2026-11-16T12:00:00Z') });
    const ok = await runCli(['status'], { cwd: dir, env: at('2026-11-16T15:00:00Z') });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe('');
    const late = await runCli(['status'], { cwd: dir, env: at('2026-11-16T21:30:00Z') });
    expect(late.code).toBe(1);
    expect(late.stderr).toBe(
      'agi-tracker: unhealthy: fetch is overdue: last run 2026-11-16T12:00:00.000Z, expected every 6 h\n',
    );
    const json = await runCli(['status', '--json'], { cwd: dir, env: at('2026-11-16T21:30:00Z') });
    expect(JSON.parse(json.stderr).error).toEqual({
      code: 'unhealthy',
      message: 'unhealthy: fetch is overdue: last run 2026-11-16T12:00:00.000Z, expected every 6 h',
    });
  });
});
