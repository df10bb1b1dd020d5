import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const at = { AGI_TRACKER_NOW: '2026-11-20T12:00:00Z' };
const page = (name: string) => readFileSync(join(FIXTURES, 'pages', name));
const html = (body: string | Buffer) => ({ body, type: 'text/html; charset=utf-8' });

function query<T>(dir: string, sql: string): T[] {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  const rows = h.prepare(sql).all() as T[];
  h.close();
  return rows;
}

function pageSource(id: string, url: string, selectors: Record<string, string>) {
  return { id, kind: 'page', url, category: 'lab', tier: 'B', page: selectors };
}

const NEWSROOM = {
  item: '.featured-card, li.post',
  title: '.card-title, .post-title',
  date: 'time@datetime',
  summary: '.card-summary, .post-summary',
};

interface Row {
  title: string;
  url: string;
  canonical_url: string;
  summary: string;
  published_at: string | null;
}

describe('page sources', () => {
  it('read a news index by CSS selectors, with the identity and normalising rules of feeds', async () => {
    server = await startServer(routes({ '/news': html(page('lab-news.html')) }));
    const dir = tempDir();
    writeConfig(dir, { sources: [pageSource('lab', `${server.url}/news`, NEWSROOM)] });
    const first = await runCli(['fetch', '--json'], { cwd: dir, env: at });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).sources[0]).toMatchObject({ status: 'ok', fetched: 4, new: 4, skipped: 0 });
    const rows = query<Row>(dir, 'select title, url, canonical_url, summary, published_at from events order by id');
    const base = server.url;
    expect(rows.map((r) => [r.title, r.canonical_url, r.published_at])).toEqual(
      expect.arrayContaining([
        ['Introducing Model Five', `${base}/news/model-five`, '2026-11-18T16:00:00.000Z'],
        [
          'An update to our responsible scaling policy',
          `${base}/news/responsible-scaling-update`, // utm_source removed, as for feeds
          '2026-11-12T00:00:00.000Z',
        ],
        [
          'Tracing circuits in large models',
          'https://www.example-lab.com/research/interpretability-circuits',
          '2026-11-03T00:00:00.000Z',
        ],
        ['Opening an office in Tokyo', `${base}/news/new-office`, null], // a <time> without datetime
      ]),
    );
    expect(rows.find((r) => r.title.startsWith('Tracing'))?.summary).toBe(
      'New interpretability results & open-source tools.',
    );
    const again = JSON.parse((await runCli(['fetch', '--json'], { cwd: dir, env: at })).stdout);
    expect(again.totals).toMatchObject({ new: 0, duplicates: 4 });

    const shown = await runCli(
      ['sources', 'test', `${base}/news`, '--kind', 'page', '--item', 'li.post', '--title', 'h3', '--json'],
      { cwd: dir, env: at },
    );
    expect(shown.code, shown.stderr).toBe(0);
    const test = JSON.parse(shown.stdout);
    expect(test).toMatchObject({ kind: 'page', status: 'ok' });
    expect(test.items.map((i: { title: string }) => i.title)).toEqual([
      'An update to our responsible scaling policy',
      'Tracing circuits in large models',
      'Opening an office in Tokyo',
    ]);
  }, 90_000); // 4 CLI runs, each loading cheerio

  it('read hostile markup as text: no item from script, comment, template or iframe, no unsafe link', async () => {
    server = await startServer(routes({ '/hostile': html(page('hostile.html')) }));
    const dir = tempDir();
    const selectors = { item: 'article.post', title: 'h2', date: 'time@datetime', summary: 'p' };
    writeConfig(dir, { sources: [pageSource('hostile', `${server.url}/hostile`, selectors)] });
    const res = await runCli(['fetch', '--json'], { cwd: dir, env: at });
    expect(res.code, res.stderr).toBe(0);
    // Six articles in the body; the javascript:, data: and link-less ones are not stored.
    expect(JSON.parse(res.stdout).sources[0]).toMatchObject({ fetched: 6, new: 3, skipped: 3 });
    const rows = query<Row>(dir, 'select title, url, canonical_url, summary, published_at from events order by title');
    expect(rows.map((r) => [r.title, r.url, r.published_at])).toEqual([
      // user:password never stored; a year-3000 date clamped to the fetch time.
      ['Credentials in the link', 'https://mirror.example/news/credentials', '2026-11-20T12:00:00.000Z'],
      // <base href> resolves the relative link, as a browser would; the script inside the title is gone.
      ['First story & more', 'https://mirror.example/news/relative/first-story', '2026-11-10T09:00:00.000Z'],
      ['Unclosed tags everywhere', 'https://mirror.example/news/unclosed', null],
    ]);
    const first = rows.find((r) => r.title.startsWith('First')) as Row;
    expect(first.summary).toBe('Summary with a RIGHT-TO-LEFT override and an escape [31m sequence.');
    const all = JSON.stringify(rows);
    expect(all).not.toMatch(/evil\.example|alert|javascript:|onerror|\u202e/);
    expect(rows.some((r) => r.summary.includes(String.fromCharCode(27)))).toBe(false); // no ESC anywhere
  });

  it('decode a page by its <meta> charset when the HTTP header names none', async () => {
    server = await startServer(routes({ '/ru': { body: page('cp1251-news.html'), type: 'text/html' } }));
    const dir = tempDir();
    const selectors = { item: 'ul.news li', title: 'a', date: 'time@datetime' };
    writeConfig(dir, { sources: [pageSource('ru', `${server.url}/ru`, selectors)] });
    const res = await runCli(['fetch', '--json'], { cwd: dir, env: at });
    expect(res.code, res.stderr).toBe(0);
    const titles = query<{ title: string }>(dir, 'select title from events order by published_at desc');
    expect(titles.map((t) => t.title)).toEqual(['Новая модель решает 70% задач', 'Открытие лаборатории в Казани']);
  });

  it('fail their source with one clear line when the page no longer fits its selectors', async () => {
    const nested = (n: number, inner: string) => `${'<div>'.repeat(n)}${inner}${'</div>'.repeat(n)}`;
    const deep = `<html><body>${nested(100_000, '<article><a href="/x">Deep</a></article>')}</body></html>`;
    server = await startServer(
      routes({
        '/news': html(page('lab-news.html')),
        '/deep': html(deep),
      }),
    );
    const url = server.url;
    const dir = tempDir();
    writeConfig(dir, {
      sources: [
        pageSource('moved', `${url}/news`, { item: 'article.card', title: 'h2' }),
        pageSource('bad-css', `${url}/news`, { item: 'li.post[', title: 'h3' }),
        pageSource('bad-field', `${url}/news`, { item: 'li.post', title: 'h3)' }),
        pageSource('deep', `${url}/deep`, { item: 'article', title: 'a' }),
      ],
    });
    const res = await runCli(['fetch', '--json'], { cwd: dir, env: at });
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const report = Object.fromEntries(
      JSON.parse(res.stdout).sources.map((s: { id: string; status: string; error: string | null }) => [
        s.id,
        s.error ?? s.status,
      ]),
    );
    expect(report).toMatchObject({
      moved: 'page: the item selector "article.card" matches nothing',
      'bad-css': 'page: the item selector "li.post[" is not valid CSS',
      'bad-field': 'page: the title selector "h3)" is not valid CSS',
    });
    // 100,000 nested elements would take a tree builder minutes: refused at once.
    expect(report.deep).toBe('page: markup nested deeper than 512 elements');
  });

  it('are checked in config: selectors required for kind "page" and only there', async () => {
    const dir = tempDir();
    writeConfig(dir, {
      sources: [
        { id: 'a', kind: 'page', url: 'https://a.example/news', category: 'lab', tier: 'B' },
        {
          id: 'b',
          kind: 'feed',
          url: 'https://b.example/feed',
          category: 'lab',
          tier: 'B',
          page: { item: 'li', title: 'h3' },
        },
        pageSource('c', 'https://c.example/news', { item: 'li', title: 'h3@@href' }),
      ],
    });
    const res = await runCli(['fetch'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('sources[0].page is required for kind "page" (item and title)');
    expect(res.stderr).toContain('sources[1].page is only for kind "page"');
    expect(res.stderr).toContain('sources[2].page.title must be a CSS selector, optionally ending in @attribute');
  });
});
