import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/ingest/normalize.js';
import { fetchJob } from '../../src/jobs/fetch.js';
import { tempDir, writeConfig } from '../helpers/cli.js';
import { arxivEntry, arxivFeed, atom, rss } from '../helpers/feeds.js';
import { jobContext, storedEvents } from '../helpers/job-context.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

// In-process: the fetch job against real SQLite files and real local servers. What only a
// process can show (exit codes, --json shape, the text table) is in test/e2e/fetch-basics.

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const source = (id: string, url: string, kind = 'feed') => ({ id, kind, url, category: 'lab', tier: 'B' });

function db(dir: string) {
  return new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
}

describe('fetch job', () => {
  it('ingests RSS 2.0, RSS 1.0 and Atom, and a re-run stores nothing', async () => {
    const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://r.example/"><title>R</title><link>https://r.example/</link>
<description>d</description></channel>
<item rdf:about="https://r.example/1"><title>RDF one</title><link>https://r.example/1</link>
<description>first</description></item>
<item rdf:about="https://r.example/2"><title>RDF two</title><link>https://r.example/2</link>
<description>second</description></item>
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
        '/atom': { body: atom([{ title: 'Atom one', link: 'https://b.example/1' }]), type: 'application/atom+xml' },
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
    const ctx = jobContext(dir);
    const first = await fetchJob(ctx);
    expect(ctx.logs).toEqual([]);
    expect(first.verdict).toBe('ok');
    expect(first.result.totals).toEqual({ fetched: 5, new: 5, duplicates: 0, skipped: 0, failed: 0 });
    const byId = Object.fromEntries(first.result.sources.map((s) => [s.id, s]));
    expect(byId.rdf).toMatchObject({ status: 'ok', fetched: 2, new: 2 });

    const second = await fetchJob(ctx);
    expect(second.verdict).toBe('ok');
    expect(second.result.totals).toEqual({ fetched: 5, new: 0, duplicates: 5, skipped: 0, failed: 0 });
    const h = db(dir);
    expect(h.prepare('select count(*) from events').pluck().get()).toBe(5);
    const runs = h.prepare("select status, counts from job_runs where job = 'fetch' order by id").all() as {
      status: string;
    }[];
    expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
    h.close();
  });

  it('stores 123 items (statements of 100, 10 and 1 rows): each once, repeats counted, all searchable', async () => {
    const items = Array.from({ length: 120 }, (_, i) => ({ title: `Item ${i}`, link: `https://c.example/${i}` }));
    // A link seen before (new title), another in a later statement, and a new link whose text
    // repeats an earlier item's (the same content hash): three duplicates in three statements.
    items.splice(101, 0, { title: 'Item 0, retitled', link: 'https://c.example/0' });
    items.splice(115, 0, { title: 'Item 105, retitled', link: 'https://c.example/105' });
    items.splice(122, 0, { title: 'Item 50', link: 'https://c.example/50-again' });
    server = await startServer(routes({ '/many': { body: rss(items) } }));
    const dir = tempDir();
    writeConfig(dir, { sources: [source('many', `${server.url}/many`)], fetch: { limit: 500 } });
    const run = await fetchJob(jobContext(dir));
    expect(run.result.totals).toEqual({ fetched: 123, new: 120, duplicates: 3, skipped: 0, failed: 0 });
    const h = db(dir);
    const titles = h.prepare('select title from events order by id').pluck().all();
    expect(titles).toEqual(Array.from({ length: 120 }, (_, i) => `Item ${i}`));
    // The full-text trigger indexed every row of every multi-row statement.
    expect(h.prepare('select count(*) from events_fts_docsize').pluck().get()).toBe(120);
    expect(h.prepare("select count(*) from events_fts where events_fts match 'item'").pluck().get()).toBe(120);
    h.close();
  });

  it('honours tombstones in multi-row statements: by link and by text, the rest stored', async () => {
    const items = Array.from({ length: 23 }, (_, i) => ({ title: `Kept ${i}`, link: `https://d.example/${i}` }));
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      res.setHeader('content-type', 'application/rss+xml');
      res.end(rss(calls === 1 ? [] : items));
    });
    const dir = tempDir();
    writeConfig(dir, { sources: [source('d', `${server.url}/d`)], fetch: { limit: 500 } });
    expect((await fetchJob(jobContext(dir))).result.totals.new).toBe(0); // creates the database
    // Two items deleted earlier: one by its link, one whose text (content hash) was stored.
    const w = new Sqlite(join(dir, 'agi-tracker.db'));
    const insert = w.prepare("insert into tombstones (canonical_url, content_hash, deleted_at) values (?, ?, 'x')");
    insert.run('https://d.example/3', 'no-such-hash');
    insert.run('https://gone.example/', contentHash('Kept 17', 'About Kept 17'));
    w.close();
    const run = await fetchJob(jobContext(dir));
    expect(run.result.totals).toMatchObject({ fetched: 23, new: 21, duplicates: 2 });
    const h = db(dir);
    const titles = h.prepare('select title from events order by id').pluck().all();
    expect(titles).not.toContain('Kept 3');
    expect(titles).not.toContain('Kept 17');
    expect(titles).toHaveLength(21);
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
    const ctx = jobContext(dir);
    await fetchJob(ctx);
    const again = await fetchJob(ctx);
    expect(again.verdict).toBe('ok');
    expect(again.result.sources[0]).toMatchObject({ status: 'not-modified', new: 0 });
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(server.requests[1]?.headers['if-modified-since']).toBe('Mon, 02 Nov 2026 10:00:00 GMT');
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^agi-tracker\/\d+\.\d+\.\d+$/);
  });

  it('pages back through the arXiv API until it meets stored papers, one id per paper across versions', async () => {
    const day = (n: number) => `2026-11-${String(20 - n).padStart(2, '0')}T00:00:00Z`;
    const papers = Array.from({ length: 5 }, (_, i) => arxivEntry(`2611.0000${5 - i}`, 1, `Paper ${5 - i}`, day(i)));
    let pages = papers;
    server = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const start = Number(url.searchParams.get('start'));
      const size = Number(url.searchParams.get('max_results'));
      res.setHeader('content-type', 'application/atom+xml');
      res.end(arxivFeed(pages.slice(start, start + size), pages.length));
    });
    const dir = tempDir();
    writeConfig(dir, { sources: [source('arxiv', `${server.url}/api/query?search_query=cat:cs.AI`, 'arxiv')] });
    const first = await fetchJob(jobContext(dir), { limit: 2 });
    expect(first.result.totals.new).toBe(2);
    expect(server.requests.map((r) => new URL(r.path, 'http://x').searchParams.get('start'))).toEqual(['0']);

    // Two new papers (one is a new version of a stored one) appear on top; paging stops at stored ones.
    pages = [
      arxivEntry('2611.00007', 1, 'Paper 7', day(-2)),
      arxivEntry('2611.00005', 2, 'Paper 5', day(-1)),
      ...papers,
    ];
    server.requests.length = 0;
    const second = await fetchJob(jobContext(dir), { limit: 2 });
    expect(second.result.totals.new).toBe(1);
    expect(server.requests).toHaveLength(1); // the first page already held a stored paper

    // Pages of max_results=2 from the source URL: it pages on until it meets a stored paper.
    pages = [
      arxivEntry('2611.00010', 1, 'Paper 10', day(-5)),
      arxivEntry('2611.00009', 1, 'Paper 9', day(-4)),
      arxivEntry('2611.00008', 1, 'Paper 8', day(-3)),
      ...pages,
    ];
    writeConfig(dir, {
      sources: [source('arxiv', `${server.url}/api/query?search_query=cat:cs.AI&max_results=2`, 'arxiv')],
    });
    server.requests.length = 0;
    const third = await fetchJob(jobContext(dir), { limit: 50 });
    expect(third.result.totals.new).toBe(3);
    expect(server.requests.map((r) => new URL(r.path, 'http://x').searchParams.get('start'))).toEqual(['0', '2']);
    const h = db(dir);
    const rows = h
      .prepare('select external_id, canonical_url, authors, primary_category, pdf_url from events order by external_id')
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

  it('treats the arXiv API "Error" entry as a failed source, not a paper: the run failed', async () => {
    const error = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>https://arxiv.org/</id><title>t</title>
<entry><id>https://arxiv.org/api/errors#incorrect_id_format_for_abc</id><title>Error</title>
<summary>incorrect id format for abc</summary>
<link href="https://arxiv.org/api/errors#incorrect_id_format_for_abc" rel="alternate" type="text/html"/>
</entry></feed>`;
    server = await startServer(routes({ '/api/query': { body: error, type: 'application/atom+xml' } }));
    const dir = tempDir();
    writeConfig(dir, { sources: [source('arxiv', `${server.url}/api/query?id_list=abc`, 'arxiv')] });
    const outcome = await fetchJob(jobContext(dir));
    expect(outcome.verdict).toBe('failed'); // its only source failed
    expect(outcome.problem).toEqual({ code: 'fetch', message: 'every source failed (1 of 1); nothing was stored' });
    expect(outcome.result.sources[0]).toMatchObject({
      status: 'failed',
      new: 0,
      error: 'arXiv API error: incorrect id format for abc',
    });
  });

  it('stores only usable links, without credentials, and never a date after the fetch', async () => {
    const now = '2026-11-18T08:00:00.000Z';
    const long = `https://lab.example/${'a'.repeat(2040)}`; // 2,060 characters: not a usable link
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>From the year 3000</title><link>https://lab.example/future</link>
<pubDate>Wed, 01 Jan 3000 00:00:00 GMT</pubDate></item>
<item><title>Tomorrow morning</title><link>https://lab.example/soon</link>
<pubDate>Wed, 18 Nov 2026 20:00:00 GMT</pubDate></item>
<item><title>Behind a password</title><link>https://reader:s3cret@lab.example/pw</link>
<pubDate>Tue, 17 Nov 2026 08:00:00 GMT</pubDate></item>
<item><title>Far too long</title><link>${long}</link></item>
<item><title>Script link</title><link>javascript:alert(1)</link></item>
<item><title>No link at all</title></item>
</channel></rss>`;
    server = await startServer(
      routes({
        '/f': { body: feed },
        '/none': { body: rss([]).replace('</channel>', '<item><title>x</title><link>data:,x</link></item></channel>') },
      }),
    );
    const dir = tempDir();
    writeConfig(dir, { sources: [source('lab', `${server.url}/f`), source('none', `${server.url}/none`)] });
    const ctx = jobContext(dir, { AGI_TRACKER_NOW: now });
    const outcome = await fetchJob(ctx);
    expect(outcome.verdict).toBe('ok');
    expect(outcome.result.sources[0]).toMatchObject({ id: 'lab', status: 'ok', fetched: 6, new: 3, skipped: 3 });
    expect(outcome.result.sources[1]).toMatchObject({ id: 'none', status: 'ok', fetched: 1, new: 0, skipped: 1 });
    expect(outcome.result.totals).toMatchObject({ fetched: 7, new: 3, skipped: 4 });
    const again = await fetchJob(ctx);
    expect(again.result.totals).toEqual({ fetched: 7, new: 0, duplicates: 3, skipped: 4, failed: 0 });

    const h = db(dir);
    const rows = h.prepare('select title, url, canonical_url, published_at from events order by title').all();
    h.close();
    expect(rows).toEqual([
      {
        title: 'Behind a password',
        url: 'https://lab.example/pw',
        canonical_url: 'https://lab.example/pw',
        published_at: '2026-11-17T08:00:00.000Z',
      },
      {
        title: 'From the year 3000',
        url: 'https://lab.example/future',
        canonical_url: 'https://lab.example/future',
        published_at: now,
      },
      {
        title: 'Tomorrow morning',
        url: 'https://lab.example/soon',
        canonical_url: 'https://lab.example/soon',
        published_at: '2026-11-18T20:00:00.000Z',
      },
    ]);
  });

  it('resolves relative links of the bundled samples against xml:base, as for a network feed', async () => {
    const ctx = jobContext(tempDir());
    expect((await fetchJob(ctx, { offline: true, source: 'sample:research-blog' })).verdict).toBe('ok');
    const urls = (await storedEvents(ctx, { source: 'sample:research-blog' })).map((e) => e.url).sort();
    expect(urls).toEqual([
      'https://research.example.org/blog/agents-that-work-for-a-week',
      'https://research.example.org/blog/arc-agi-results#top',
    ]);
  });
});
