import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchJob } from '../../src/jobs/fetch.js';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { jobContext, storedEvents } from '../helpers/job-context.js';
import { arxivEntry, arxivFeed, atom, rss } from '../helpers/feeds.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const src = (id: string, path: string, kind = 'feed') => ({
  id,
  kind,
  url: `${server?.url}${path}`,
  category: 'lab',
  tier: 'B',
});

const events = (dir: string) => storedEvents(jobContext(dir));

/** The fetch job in-process, as `agi-tracker fetch` runs it in `dir`; returns its report. */
async function fetch(dir: string, options: Parameters<typeof fetchJob>[1] = {}) {
  return (await fetchJob(jobContext(dir), options)).result;
}

// The fetch job runs in-process; dedupe-check (a read-only command: its exit code and --json are
// what it is for) through the CLI.
describe('identity: one story is stored once', () => {
  it('treats one article behind tracking parameters, ports, case and fragments as one event', async () => {
    server = await startServer(
      routes({
        '/a': {
          body: rss([
            {
              title: 'Model X launches',
              link: 'https://Lab.Example/news/model-x?utm_source=rss&utm_medium=feed',
              description: 'Launch post',
            },
          ]),
        },
        '/b': {
          body: rss([
            {
              title: 'Model X is here',
              link: 'HTTPS://lab.example:443/news/model-x?fbclid=zz#comments',
              description: 'Press copy',
            },
          ]),
        },
        '/c': {
          body: atom([
            { title: 'Other', link: 'https://lab.example/news/model-x?gclid=1&mc_cid=2&mc_eid=3&msclkid=4' },
          ]),
        },
      }),
    );
    const dir = tempDir();
    writeConfig(dir, { sources: [src('a', '/a'), src('b', '/b'), src('c', '/c')] });
    const res = await fetch(dir, { concurrency: 1 });
    expect(res.totals).toMatchObject({ fetched: 3, new: 1, duplicates: 2 });
    const stored = await events(dir);
    expect(stored.map((e) => e.canonicalUrl)).toEqual(['https://lab.example/news/model-x']);
  });

  it('treats arXiv versions and abs/pdf links of one paper as one event across feeds', async () => {
    server = await startServer(
      routes({
        '/api/query': {
          body: arxivFeed([arxivEntry('2611.01234', 1, 'A paper', '2026-11-01T00:00:00Z')], 1),
          type: 'application/atom+xml',
        },
        '/daily': {
          body: rss([
            {
              title: 'A paper (v2, HF daily)',
              link: 'https://arxiv.org/abs/2611.01234v2',
              description: 'different text',
            },
            { title: 'A paper as PDF', link: 'http://arxiv.org/pdf/2611.01234v3.pdf', description: 'other text' },
          ]),
        },
      }),
    );
    const dir = tempDir();
    writeConfig(dir, { sources: [src('arxiv', '/api/query?search_query=x', 'arxiv'), src('daily', '/daily')] });
    const res = await fetch(dir, { concurrency: 1 });
    expect(res.totals).toMatchObject({ new: 1, duplicates: 2 });
    expect((await events(dir))[0]?.canonicalUrl).toBe('https://arxiv.org/abs/2611.01234');
  });

  it('keeps items that share one link but differ in guid and title; drops true repeats', async () => {
    const shared = 'https://docs.example/release-notes/new-released';
    server = await startServer(
      routes({
        '/notes': {
          body: rss([
            { title: 'GLM-5', link: shared, guid: 'h1', description: 'five' },
            { title: 'GLM-5-Turbo', link: shared, guid: 'h2', description: 'turbo' },
            { title: 'GLM-5.1', link: shared, guid: 'h3', description: 'point one' },
            { title: 'GLM-5.1', link: shared, guid: 'h3', description: 'point one' },
          ]),
        },
      }),
    );
    const dir = tempDir();
    writeConfig(dir, { sources: [src('notes', '/notes')] });
    const res = await fetch(dir);
    expect(res.totals).toMatchObject({ fetched: 4, new: 3, duplicates: 1 });
    const again = await fetch(dir);
    expect(again.totals).toMatchObject({ new: 0, duplicates: 4 });
    expect((await events(dir)).map((e) => e.title).sort()).toEqual(['GLM-5', 'GLM-5-Turbo', 'GLM-5.1']);
  });

  it('stores the same text at a new URL only once (content hash)', async () => {
    server = await startServer(
      routes({
        '/old': {
          body: rss([
            {
              title: 'Gemini update',
              link: 'https://deepmind.example/discover/blog/gemini',
              description: 'Same words.',
            },
          ]),
        },
        '/new': {
          body: rss([
            {
              title: 'Gemini  Update',
              link: 'https://deepmind.example/blog/gemini',
              description: '<p>Same   words.</p>',
            },
          ]),
        },
      }),
    );
    const dir = tempDir();
    writeConfig(dir, { sources: [src('old', '/old'), src('new', '/new')] });
    const res = await fetch(dir, { concurrency: 1 });
    expect(res.totals).toMatchObject({ new: 1, duplicates: 1 });
  });

  it('takes at most --limit newest items per source per run', async () => {
    const items = Array.from({ length: 10 }, (_, i) => ({
      title: `Item ${i}`,
      link: `https://a.example/${i}`,
      date: `2026-11-${String(10 + i).padStart(2, '0')}T00:00:00Z`,
    }));
    server = await startServer(routes({ '/f': { body: rss(items) } }));
    const dir = tempDir();
    writeConfig(dir, { sources: [src('f', '/f')] });
    await fetch(dir, { limit: 3 });
    expect((await events(dir)).map((e) => e.title)).toEqual(['Item 9', 'Item 8', 'Item 7']);
  });
});

describe('dedupe-check', () => {
  it('finds near-duplicate titles across sources and reports zero exact duplicates', async () => {
    server = await startServer(
      routes({
        '/lab': {
          body: rss([
            { title: 'OpenAI releases GPT-6 with stronger reasoning', link: 'https://lab.example/gpt6' },
            { title: 'Introducing GPT-4.5', link: 'https://lab.example/gpt45' },
          ]),
        },
        '/news': {
          body: rss([
            { title: 'OpenAI released GPT-6, with stronger reasoning', link: 'https://news.example/gpt6' },
            { title: 'Unrelated chip news', link: 'https://news.example/chips' },
            // Numbers are tokens as written: {introducing, gpt, 5.5} shares 2 of 4 words with GPT-4.5's.
            { title: 'Introducing GPT-5.5', link: 'https://news.example/gpt55' },
          ]),
        },
      }),
    );
    const dir = tempDir();
    writeConfig(dir, { sources: [src('lab', '/lab'), src('news', '/news')] });
    await fetch(dir);
    const res = await runCli(['dedupe-check', '--json', '--near', '0.6'], {
      cwd: dir,
      env: { AGI_TRACKER_NOW: '2026-11-05T00:00:00Z' },
    });
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.exact).toEqual({ url: [], contentHash: [] });
    expect(report.near).toHaveLength(1);
    expect(report.near[0].events.map((e: { title: string }) => e.title).sort()).toEqual([
      'OpenAI released GPT-6, with stronger reasoning',
      'OpenAI releases GPT-6 with stronger reasoning',
    ]);
    expect(report.near[0].events.map((e: { source: string }) => e.source).sort()).toEqual(['lab', 'news']);
    expect(report.near[0].score).toBeGreaterThanOrEqual(0.6);
  });

  it('exits 1 and names the groups when the database was edited by hand', async () => {
    server = await startServer(routes({ '/f': { body: rss([{ title: 'One', link: 'https://a.example/1' }]) } }));
    const dir = tempDir();
    writeConfig(dir, { sources: [src('f', '/f')] });
    await fetch(dir);
    const h = new Sqlite(join(dir, 'agi-tracker.db'));
    h.exec('drop index events_canonical_url; drop index events_content_hash');
    h.exec(`insert into events (source_id, kind, title, url, canonical_url, content_hash, summary, fetched_at)
            select source_id, kind, title, url, canonical_url, content_hash, summary, fetched_at from events`);
    h.close();
    const res = await runCli(['dedupe-check', '--json'], { cwd: dir });
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).exact).toEqual({ url: [[1, 2]], contentHash: [[1, 2]] });
  });
});
