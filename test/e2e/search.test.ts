import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, collect, FIXTURES, runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

const NOW = { AGI_TRACKER_NOW: '2026-11-20T12:00:00Z' };
let server: TestServer;
let dir: string;

interface Hit {
  id: number;
  title: string;
  source: string;
  tier: string;
  snippet: string;
  highlights: [number, number][];
  score: number;
}

async function search(args: string[], cwd = dir): Promise<Hit[]> {
  const res = await runCli(['search', ...args, '--json'], { cwd, env: NOW });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return (JSON.parse(res.stdout) as { results: Hit[] }).results;
}

beforeAll(async () => {
  server = await startServer(
    routes({
      '/lab': {
        body: rss([
          {
            title: 'Reasoning models double their scores',
            link: 'https://lab.example/reasoning',
            date: '2026-11-19T10:00:00Z',
            description: 'A new family of models.',
          },
          {
            title: 'Data centre campus reaches 2 GW',
            link: 'https://lab.example/campus',
            date: '2026-11-01T10:00:00Z',
            description: 'The campus is the largest yet.',
          },
        ]),
      },
      '/news': {
        body: rss([
          {
            title: 'Weekly roundup',
            link: 'https://news.example/roundup',
            date: '2026-11-18T10:00:00Z',
            description: 'Among other things, a lab says its models got better at reasoning over long contexts.',
          },
          // Unrelated items: ranking by rarity (bm25, ts_rank) needs a corpus where the word is rare.
          ...['Chips', 'Robots', 'Policy', 'Funding'].map((t, i) => ({
            title: `${t} news`,
            link: `https://news.example/${i}`,
            date: '2026-11-10T10:00:00Z',
            description: `Nothing about thinking in ${t}.`,
          })),
        ]),
      },
    }),
  );
  dir = tempDir();
  writeConfig(dir, {
    sources: [
      { id: 'lab', kind: 'feed', url: `${server.url}/lab`, category: 'lab', tier: 'B' },
      { id: 'news', kind: 'feed', url: `${server.url}/news`, category: 'news', tier: 'C' },
    ],
  });
  expect((await runCli(['fetch'], { cwd: dir, env: NOW })).code).toBe(0);
});
afterAll(() => server.close());

describe('search', () => {
  it('ranks a title match above a summary match and marks the words that matched', async () => {
    const hits = await search(['reasoning']);
    expect(hits.map((h) => h.title)).toEqual(['Reasoning models double their scores', 'Weekly roundup']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    const roundup = hits[1]!;
    expect(roundup.highlights.map(([s, e]) => roundup.snippet.slice(s, e))).toEqual(['reasoning']);
    // Every word is required; stemming finds "models" from "model".
    expect((await search(['model', 'reasoning', 'contexts'])).map((h) => h.title)).toEqual(['Weekly roundup']);
    expect(await search(['reasoning', 'zeppelin'])).toEqual([]);
  });

  it('filters by source, tier, age and count', async () => {
    expect((await search(['reasoning', '--source', 'news'])).map((h) => h.source)).toEqual(['news']);
    expect((await search(['reasoning', '--tier', 'c'])).map((h) => [h.source, h.tier])).toEqual([['news', 'C']]);
    expect((await search(['campus', '--since', '7'])).length).toBe(0);
    expect((await search(['campus', '--since', '30'])).length).toBe(1);
    expect((await search(['reasoning', '--limit', '1'])).length).toBe(1);
    const bad = await runCli(['search', 'x', '--tier', 'E'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--tier takes tiers from A to D/);
    const empty = await runCli(['search', '" * -'], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/at least one word/);
  });

  it('stays in step with every write: analyses, edits and deletions', async () => {
    const h = new Sqlite(join(dir, 'agi-tracker.db'));
    try {
      const id = (h.prepare(`select id from events where title like 'Data centre%'`).get() as { id: number }).id;
      h.prepare(
        `insert into analyses (event_id, provider, model, prompt_version, content_hash, status, summary,
          created_at, updated_at)
         values (?, 'offline', 'm', 'v', 'h', 'ok', 'A gigawatt milestone for compute', 'x', 'x')`,
      ).run(id);
      expect((await search(['gigawatt'])).map((x) => x.id)).toEqual([id]);
      h.prepare(`update analyses set status = 'failed' where event_id = ?`).run(id);
      expect(await search(['gigawatt'])).toEqual([]);
      h.prepare(`update events set title = 'Campus renamed Zephyr' where id = ?`).run(id);
      expect((await search(['zephyr'])).map((x) => x.id)).toEqual([id]);
      expect(await search(['centre'])).toEqual([]);
      h.prepare(`delete from events where id = ?`).run(id);
      expect(await search(['zephyr'])).toEqual([]);
    } finally {
      h.close();
    }
  });

  it('treats hostile text as text: no query syntax reaches the database, no escape reaches the terminal', async () => {
    const hostileDir = tempDir();
    writeConfig(hostileDir, {});
    expect((await runCli(['fetch', '--offline'], { cwd: hostileDir })).code).toBe(0);
    const h = new Sqlite(join(hostileDir, 'agi-tracker.db'));
    // As a database edited by hand (or written by an old version) might hold it.
    h.prepare(`update events set title = ?, summary = ? where id = 1`).run(
      'Evil \u001b[2J\u001b]0;pwned\u0007 title \u202eenil',
      'Quasar \u001b[31mred\u001b[0m summary',
    );
    h.close();
    const text = await runCli(['search', 'quasar'], { cwd: hostileDir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Evil .*title/);
    for (const c of ['\u001b', '\u0007', '\u202e']) expect(text.stdout).not.toContain(c);
    for (const query of ['NEAR(quasar "', 'quasar OR title:*', "quasar'; drop table events; --", 'quasar AND -x^2']) {
      const res = await runCli(['search', query, '--json'], { cwd: hostileDir });
      expect(res.code, query).toBe(0);
      expect(JSON.parse(res.stdout).results.length, query).toBeLessThanOrEqual(1);
    }
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('highlights the matches on a terminal, and only there', async () => {
    const env = { ...process.env, AGI_TRACKER_DB: '', TERM: 'xterm', ...NOW } as Record<string, string>;
    delete env.NO_COLOR;
    const child = spawn('script', ['-qec', `'${process.execPath}' '${BIN}' search reasoning`, '/dev/null'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const screen = (await collect(child)).stdout;
    expect(screen).toContain('\u001b[1m\u001b[33mreasoning');
    const piped = await runCli(['search', 'reasoning'], { cwd: dir, env: NOW });
    expect(piped.stdout).toContain('better at reasoning over');
    expect(piped.stdout).not.toContain('\u001b');
  });
});

describe('a database from before search', () => {
  it('gets its index built by the migration', async () => {
    const old = tempDir();
    const h = new Sqlite(join(old, 'agi-tracker.db'));
    h.exec(readFileSync(join(FIXTURES, 'agi-tracker-0.1.0.sql'), 'utf8'));
    h.close();
    const hits = await search(['scaling', 'laws'], old);
    expect(hits.map((x) => x.title)).toEqual(['Sample: Scaling Laws for Reasoning Under a Fixed Compute Budget']);
  });
});
