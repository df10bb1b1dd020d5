import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, runCli, spawnCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the CLI surface', () => {
  it('prints its version and help, listing only working commands', async () => {
    const dir = tempDir();
    const version = await runCli(['--version'], { cwd: dir });
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(['--help'], { cwd: dir });
    expect(help.code).toBe(0);
    for (const cmd of [
      'fetch',
      'dedupe-check',
      'analyze',
      'snapshot',
      'forecasts',
      'digest',
      'budget',
      'cleanup',
      'status',
      'events',
      'sources',
      'config',
    ])
      expect(help.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });

  it('exits 2 on usage errors with one line and no stack trace', async () => {
    const dir = tempDir();
    const numbers = [
      ['fetch', '--limit', '1e3'],
      ['dedupe-check', '--near', '0x1'],
      ['dedupe-check', '--near', 'Infinity'],
      ['dedupe-check', '--near', '.5.'],
      ['snapshot', '--history', '-1'],
      ['events', 'show', '1.5'],
      ['cleanup', '--older-than', '99999999999999999999'],
    ];
    for (const args of [
      ['nope'],
      ['fetch', '--bogus'],
      ['fetch', '--limit', 'ten'],
      ['fetch', '--source', 'no-such-source'],
      ['dedupe-check', '--near', '2'],
      ...numbers,
    ]) {
      const res = await runCli(args, { cwd: dir });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    }
    const json = await runCli(['fetch', '--limit', '0', '--json'], { cwd: dir });
    expect(JSON.parse(json.stderr)).toEqual({
      error: { code: 'usage', message: '--limit takes a whole number from 1 to 100000, got "0"' },
    });
  });

  it('refuses impossible dates, weeks and clocks as usage or config errors (exit 2), storing nothing', async () => {
    const dir = tempDir();
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['snapshot', '--date', '2026-13-45'], {}, /--date must be a real day as YYYY-MM-DD/],
      [['snapshot', '--date', '0000-01-01'], {}, /--date must be a real day/],
      [['digest', '--week', '2026-W60'], {}, /--week 2026-W60 does not exist/],
      [['digest', '--week', '0000-W01'], {}, /the year must be from 1970/],
      [['snapshot'], { AGI_TRACKER_NOW: '2026-02-30T00:00:00Z' }, /AGI_TRACKER_NOW must be an ISO-8601 instant/],
      [['snapshot'], { AGI_TRACKER_NOW: '1' }, /AGI_TRACKER_NOW must be an ISO-8601 instant/],
    ];
    for (const [args, env, message] of cases) {
      const res = await runCli(args, { cwd: dir, env });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).not.toMatch(/internal error/);
    }
    expect(existsSync(join(dir, 'agi-tracker.db'))).toBe(false);
  });

  it('runs the README main job offline on the bundled samples, and again stores nothing', async () => {
    const dir = tempDir();
    const first = await runCli(['fetch', '--offline', '--json'], { cwd: dir });
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.sources.map((s: { id: string }) => s.id).sort()).toEqual([
      'sample:ai-news',
      'sample:arxiv',
      'sample:lab-blog',
      'sample:research-blog',
      'sample:swe-bench',
    ]);
    // 12 feed items (one a duplicate) and a 6-row leaderboard whose first read yields its leader.
    expect(report.totals).toMatchObject({ fetched: 18, new: 12, duplicates: 1, failed: 0 });
    const again = await runCli(['fetch', '--offline', '--json'], { cwd: dir });
    expect(JSON.parse(again.stdout).totals.new).toBe(0);
    const list = await runCli(['events', 'list'], { cwd: dir });
    expect(list.stdout).toContain('Sample: An Open Agent Reaches 78.4% on SWE-bench Verified');
    const event = JSON.parse((await runCli(['events', 'show', '1', '--json'], { cwd: dir })).stdout);
    expect(event).toMatchObject({ id: 1, source: expect.stringMatching(/^sample:/) });
    expect(JSON.stringify(event)).not.toMatch(/<script|alert\(/);
  });

  it('reports a missing database and a missing event clearly', async () => {
    const dir = tempDir();
    const missing = await runCli(['events', 'list', '--db', join(dir, 'nope.db')], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^agi-tracker: database not found: .*nope\.db/);
    expect(existsSync(join(dir, 'nope.db'))).toBe(false);
    await runCli(['fetch', '--offline'], { cwd: dir });
    const show = await runCli(['events', 'show', '999'], { cwd: dir });
    expect(show.code).toBe(1);
    expect(show.stderr.trim()).toBe('agi-tracker: no event with id 999');
  });

  it('refuses a database written by a newer schema', async () => {
    const dir = tempDir();
    await runCli(['fetch', '--offline'], { cwd: dir });
    const h = new Sqlite(join(dir, 'agi-tracker.db'));
    h.pragma('user_version = 99');
    h.close();
    const res = await runCli(['events', 'list'], { cwd: dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/schema version 99, newer than this agi-tracker supports/);
  });

  it('takes --db, then AGI_TRACKER_DB, then the config file, then the default', async () => {
    const dir = tempDir();
    await runCli(['fetch', '--offline', '--db', 'flag.db'], { cwd: dir, env: { AGI_TRACKER_DB: 'env.db' } });
    await runCli(['fetch', '--offline'], { cwd: dir, env: { AGI_TRACKER_DB: 'env.db' } });
    expect(existsSync(join(dir, 'flag.db'))).toBe(true);
    expect(existsSync(join(dir, 'env.db'))).toBe(true);
    expect(existsSync(join(dir, 'agi-tracker.db'))).toBe(false);
  });
});

describe('a closed stdout (`| head -1`)', () => {
  it('ends the command quietly: no EPIPE stack trace, no error line, the exit code of the work', async () => {
    const dir = tempDir();
    expect((await runCli(['fetch', '--offline'], { cwd: dir })).code).toBe(0);
    for (const args of [
      ['export'],
      ['export', '--format', 'csv'],
      ['config', 'check'],
      ['events', 'list', '--json'],
      ['status'],
      ['fetch', '--offline'],
    ]) {
      const child = spawnCli(args, { cwd: dir });
      child.stdout?.destroy(); // the reader is gone before the first byte: every write meets EPIPE
      const res = await collect(child);
      expect(res.stderr, args.join(' ')).toBe('');
      expect(res.code, args.join(' ')).toBe(0);
    }
  });
});

describe('config', () => {
  it('check prints effective values with their origin', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'agi-tracker.config.json'), JSON.stringify({ http: { timeoutMs: 5000 } }));
    const res = await runCli(['config', 'check', '--json', '--db', 'x.db'], { cwd: dir });
    expect(res.code).toBe(0);
    const values = Object.fromEntries(JSON.parse(res.stdout).values.map((v: { key: string }) => [v.key, v]));
    expect(values['http.timeoutMs']).toEqual({ key: 'http.timeoutMs', value: 5000, origin: 'file' });
    expect(values['http.retries']).toEqual({ key: 'http.retries', value: 3, origin: 'default' });
    expect(values.db).toEqual({ key: 'db', value: 'x.db', origin: 'flag' });
    const secret = await runCli(['config', 'check', '--json'], { cwd: dir, env: { OPENAI_API_KEY: 'sk-very-secret' } });
    expect(secret.stdout).not.toContain('sk-very-secret');
    const key = JSON.parse(secret.stdout).values.find((v: { key: string }) => v.key === 'llm.apiKey');
    expect(key).toEqual({ key: 'llm.apiKey', value: '[redacted]', origin: 'env' });
  });

  it('names an unknown key or a bad value and exits 2', async () => {
    const dir = tempDir();
    const path = join(dir, 'c.json');
    writeFileSync(
      path,
      JSON.stringify({
        htttp: {},
        http: { retries: -1 },
        sources: [{ id: 'x', kind: 'rss', url: 'ftp://a', category: 'lab', tier: 'Z' }],
      }),
    );
    const res = await runCli(['config', 'check', '--config', path], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('unknown key "htttp"');
    expect(res.stderr).toContain('http.retries must be a whole number from 0 to 10');
    expect(res.stderr).toContain('sources[0].kind must be one of feed, arxiv');
    expect(res.stderr).toContain('sources[0].url must be an http(s) URL');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    // 20,000 levels deep: a config error naming the problem, not a stack overflow.
    for (const [name, text] of [
      ['deep-object.json', `{"budget":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`],
      ['deep-array.json', `{"sources":${'['.repeat(20_000)}${']'.repeat(20_000)}}`],
    ]) {
      writeFileSync(join(dir, name as string), text as string);
      const deep = await runCli(['config', 'check', '--config', name as string, '--json'], { cwd: dir });
      expect(deep.code, name).toBe(2);
      expect(JSON.parse(deep.stderr).error).toEqual({
        code: 'config',
        message: `config file ${name} nests over 10,000 levels deep; at most 16 are allowed`,
      });
    }
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, '{ nope');
    expect((await runCli(['fetch', '--config', notJson], { cwd: dir })).stderr).toMatch(/is not valid JSON/);
  });
});

describe('sources', () => {
  it('lists the built-in catalogue with health before any fetch, without creating a database', async () => {
    const dir = tempDir();
    const res = await runCli(['sources', 'list', '--json'], { cwd: dir });
    const list = JSON.parse(res.stdout);
    expect(list.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['arxiv-cs-ai-lg-cl', 'openai-news', 'google-deepmind', 'hugging-face', 'bair']),
    );
    expect(Object.keys(list[0]).sort()).toEqual([
      'category',
      'consecutiveFailures',
      'enabled',
      'id',
      'kind',
      'lastError',
      'lastSuccessAt',
      'pausedUntil',
      'tier',
      'url',
    ]);
    expect(existsSync(join(dir, 'agi-tracker.db'))).toBe(false);
  });

  it('test <url> shows what would be stored and stores nothing', async () => {
    server = await startServer(
      routes({ '/f': { body: rss([{ title: 'Would be stored', link: 'https://a.example/w?utm_source=x' }]) } }),
    );
    const dir = tempDir();
    writeConfig(dir, {});
    const res = await runCli(['sources', 'test', `${server.url}/f`, '--json'], { cwd: dir });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).items[0]).toMatchObject({
      title: 'Would be stored',
      canonicalUrl: 'https://a.example/w',
    });
    expect(existsSync(join(dir, 'agi-tracker.db'))).toBe(false);
    for (const url of ['not-a-url', 'ftp://a.example/feed', 'file:///etc/passwd']) {
      const usage = await runCli(['sources', 'test', url], { cwd: dir });
      expect(usage.code, url).toBe(2);
      expect(usage.stderr.trim(), url).toBe(`agi-tracker: sources test takes an http(s) URL (got "${url}")`);
    }
    const bad = await runCli(['sources', 'test', `${server.url}/missing`], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(`agi-tracker: ${server.url}/missing: HTTP 404`);
  });
});
