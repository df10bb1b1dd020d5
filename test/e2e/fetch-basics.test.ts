import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { arxivEntry, arxivFeed, atom, rss } from '../helpers/feeds.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const source = (id: string, url: string, kind = 'feed') => ({
  id,
  kind,
  url,
  category: 'lab',
  tier: 'B',
});

function db(dir: string) {
  return new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
}

describe('fetch end to end', () => {
  it('ingests RSS 2.0, RSS 1.0 and Atom, and a re-run stores nothing', async () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://r.example/"><title>R</title><link>https://r.example/</link><description>d</description></channel>
<item rdf:about="https://r.example/1"><title>RDF one</title><link>https://r.example/1</link><description>first</description></item>
<item rdf:about="https://r.example/2"><title>RDF two</title><link>https://r.example/2</link><description>second</description></item>
</rdf:RDF>`;
    server = await startServer(
      routes({
        '/rss': {
          body: rss([
            { title: 'RSS one', link: 'https://a.example/1' },
            { title: 'RSS two', link: 'https://a.example/2' },
          ]),
        },
        '/rdf': { body: rdf, type: 'application/rdf+xml' },
        '/atom': {
          body: atom([{ title: 'Atom one', link: 'https://b.example/1' }]),
          type: 'application/atom+xml',
        },
      }),
    );
    const dir = tempDir();
    writeConfig(dir, {
      sources: [
        source('rss', `${server.url}/rss`),
        source('rdf', `${server.url}/rdf`),
        source('atom', `${server.url}/atom`),
      ],
    });
    const first = await runCli(['fetch', '--json'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.totals).toEqual({ fetched: 5, new: 5, duplicates: 0, failed: 0 });
    const byId = Object.fromEntries(report.sources.map((s: { id: string }) => [s.id, s]));
    expect(byId.rdf).toMatchObject({ status: 'ok', fetched: 2, new: 2 });
    expect(Object.keys(report.sources[0]).sort()).toEqual([
      'duplicates',
      'error',
      'fetched',
      'id',
      'ms',
      'new',
      'status',
    ]);

    const second = await runCli(['fetch', '--json'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).totals).toEqual({
      fetched: 5,
      new: 0,
      duplicates: 5,
      failed: 0,
    });
    const h = db(dir);
    expect(h.prepare('select count(*) from events').pluck().get()).toBe(5);
    const runs = h
      .prepare("select status, counts from job_runs where job = 'fetch' order by id")
      .all() as { status: string }[];
    expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
    h.close();
  });

  it('sends ETag / Last-Modified back and treats 304 as success', async () => {
    server = await startServer((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.setHeader('etag', '"v1"');
      res.setHeader('last-modified', 'Mon, 02 Nov 2026 10:00:00 GMT');
      res.setHeader('content-type', 'application/rss+xml');
      res.end(rss([{ title: 'Only item', link: 'https://a.example/only' }]));
    });
    const dir = tempDir();
    writeConfig(dir, { sources: [source('lab', `${server.url}/feed`)] });
    await runCli(['fetch'], { cwd: dir });
    const again = await runCli(['fetch', '--json'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).sources[0]).toMatchObject({ status: 'not-modified', new: 0 });
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(server.requests[1]?.headers['if-modified-since']).toBe('Mon, 02 Nov 2026 10:00:00 GMT');
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^agi-tracker\/\d+\.\d+\.\d+$/);
  });

  it('pages back through the arXiv API until it meets stored papers, one id per paper across versions', async () => {
    const day = (n: number) => `2026-11-${String(20 - n).padStart(2, '0')}T00:00:00Z`;
    const papers = Array.from({ length: 5 }, (_, i) =>
      arxivEntry(`2611.0000${5 - i}`, 1, `Paper ${5 - i}`, day(i)),
    );
    let pages = papers;
    server = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const start = Number(url.searchParams.get('start'));
      const size = Number(url.searchParams.get('max_results'));
      res.setHeader('content-type', 'application/atom+xml');
      res.end(arxivFeed(pages.slice(start, start + size), pages.length));
    });
    const dir = tempDir();
    writeConfig(dir, {
      sources: [source('arxiv', `${server.url}/api/query?search_query=cat:cs.AI`, 'arxiv')],
    });
    const first = await runCli(['fetch', '--json', '--limit', '2'], { cwd: dir });
    expect(JSON.parse(first.stdout).totals.new).toBe(2);
    expect(
      server.requests.map((r) => new URL(r.path, 'http://x').searchParams.get('start')),
    ).toEqual(['0']);

    // Two new papers (one is a new version of a stored one) appear on top; paging stops at stored ones.
    pages = [
      arxivEntry('2611.00007', 1, 'Paper 7', day(-2)),
      arxivEntry('2611.00005', 2, 'Paper 5', day(-1)),
      ...papers,
    ];
    server.requests.length = 0;
    const second = await runCli(['fetch', '--json', '--limit', '2'], { cwd: dir });
    const report = JSON.parse(second.stdout);
    expect(report.totals.new).toBe(1);
    expect(server.requests).toHaveLength(1); // the first page already held a stored paper

    // Pages of max_results=2 from the source URL: it pages on until it meets a stored paper.
    pages = [
      arxivEntry('2611.00010', 1, 'Paper 10', day(-5)),
      arxivEntry('2611.00009', 1, 'Paper 9', day(-4)),
      arxivEntry('2611.00008', 1, 'Paper 8', day(-3)),
      ...pages,
    ];
    writeConfig(dir, {
      sources: [
        source('arxiv', `${server.url}/api/query?search_query=cat:cs.AI&max_results=2`, 'arxiv'),
      ],
    });
    server.requests.length = 0;
    const third = await runCli(['fetch', '--json', '--limit', '50'], { cwd: dir });
    expect(JSON.parse(third.stdout).totals.new).toBe(3);
    expect(
      server.requests.map((r) => new URL(r.path, 'http://x').searchParams.get('start')),
    ).toEqual(['0', '2']);
    const h = db(dir);
    const rows = h
      .prepare(
        'select external_id, canonical_url, authors, primary_category, pdf_url from events order by external_id',
      )
      .all() as Record<string, string>[];
    h.close();
    expect(rows.map((r) => r.external_id)).toEqual([
      '2611.00004',
      '2611.00005',
      '2611.00007',
      '2611.00008',
      '2611.00009',
      '2611.00010',
    ]);
    expect(rows[0]).toMatchObject({
      canonical_url: 'https://arxiv.org/abs/2611.00004',
      authors: '["First Author","Second Author"]',
      primary_category: 'cs.LG',
      pdf_url: 'https://arxiv.org/pdf/2611.00004v1',
    });
  });

  it('treats the arXiv API "Error" entry as a failed source, not a paper', async () => {
    const error = `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>https://arxiv.org/</id><title>t</title>
<entry><id>https://arxiv.org/api/errors#incorrect_id_format_for_abc</id><title>Error</title><summary>incorrect id format for abc</summary>
<link href="https://arxiv.org/api/errors#incorrect_id_format_for_abc" rel="alternate" type="text/html"/></entry></feed>`;
    server = await startServer(
      routes({ '/api/query': { body: error, type: 'application/atom+xml' } }),
    );
    const dir = tempDir();
    writeConfig(dir, {
      sources: [source('arxiv', `${server.url}/api/query?id_list=abc`, 'arxiv')],
    });
    const res = await runCli(['fetch', '--json'], { cwd: dir });
    expect(res.code).toBe(1); // its only source failed;
    expect(JSON.parse(res.stdout).sources[0]).toMatchObject({
      status: 'failed',
      new: 0,
      error: 'arXiv API error: incorrect id format for abc',
    });
  });
});
