import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { readFeedIndependently } from '../helpers/independent-feed.js';
import { startServer, type TestServer } from '../helpers/server.js';

// The real public feeds beside the project (absent on GitHub: skipped with a note there).
const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const present = existsSync(join(CORPUS, 'MANIFEST.tsv'));
if (!present) console.warn(`corpus test skipped: ${CORPUS} not found`);

interface Report {
  sources: { id: string; status: string; fetched: number; new: number; error: string | null }[];
  totals: { fetched: number; new: number; failed: number };
}

describe.skipIf(!present)('every file of ../shared/corpus ingests or fails its source cleanly', () => {
  let server: TestServer;
  let dir: string;
  let first: { code: number | null; stdout: string; stderr: string };
  let report: Report;
  const files = present
    ? ['arxiv', 'ai-labs', 'news-blogs', 'hostile', 'leaderboards'].flatMap((d) =>
        readdirSync(join(CORPUS, d)).map((f) => `${d}/${f}`),
      )
    : [];
  const idOf = (file: string) => file.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const file = decodeURIComponent((req.url ?? '/').split('?')[0] as string).slice(1);
      if (!files.includes(file)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.setHeader('content-type', 'application/xml');
      res.end(readFileSync(join(CORPUS, file)));
    });
    dir = tempDir();
    writeConfig(dir, {
      sources: files.map((file) => ({
        id: idOf(file),
        kind: file.startsWith('arxiv/') && file.includes('_api_') ? 'arxiv' : 'feed',
        url: `${server.url}/${encodeURIComponent(file).replace(/%2F/g, '/')}`,
        category: 'lab',
        tier: 'B',
      })),
      http: { retries: 0 },
      // Every item stored, so each one can be compared with the file.
      fetch: { limit: 100_000 },
    });
    first = await runCli(['fetch', '--json'], { cwd: dir });
    report = JSON.parse(first.stdout);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('reports every source as ok or failed, with no crash and no stack trace', () => {
    expect([0, 3]).toContain(first.code);
    expect(report.sources).toHaveLength(files.length);
    for (const s of report.sources) {
      expect(['ok', 'failed']).toContain(s.status);
      if (s.status === 'failed') expect(s.error).toMatch(/^[^\n]{3,400}$/);
    }
    expect(first.stderr).not.toMatch(/\n\s+at /);
    expect(first.stderr).not.toMatch(/internal error/);
  });

  it('ingests the real lab, news and arXiv feeds', () => {
    const byId = new Map(report.sources.map((s) => [s.id, s]));
    for (const file of files.filter(
      (f) => /^(ai-labs|news-blogs|arxiv)\//.test(f) && !f.includes('_error') && !f.includes('empty'),
    )) {
      expect(byId.get(idOf(file)), file).toMatchObject({ status: 'ok' });
    }
    expect(byId.get(idOf('arxiv/arxivpy_api_id_abc_HTTP400_error.xml'))?.error).toMatch(/^arXiv API error/);
    expect(byId.get(idOf('arxiv/cn-chat-arxiv_derived_cs.AI_empty-channel.xml'))).toMatchObject({
      status: 'ok',
      fetched: 0,
    });
  });

  it('fails entity bombs, external entities, HTML pages and non-feeds with clear errors', () => {
    const byId = new Map(report.sources.map((s) => [s.id, s]));
    for (const file of files.filter((f) => /^hostile\/(xxe_defusedxml|html_|malformed_gofeed_unknown)/.test(f))) {
      expect(byId.get(idOf(file))?.error, file).toMatch(/not a feed|HTML page/);
    }
    expect(byId.get(idOf('hostile/xxe_feedparser_entity_in_doctype.xml'))?.status).toBe('failed');
    for (const file of files.filter((f) => f.startsWith('leaderboards/'))) {
      expect(byId.get(idOf(file))?.status, file).toBe('failed');
    }
  });

  it('decodes legacy charsets and lying declarations into the right text', async () => {
    const titles = async (file: string) => {
      const res = await runCli(['events', 'list', '--json', '--source', idOf(file), '--limit', '500'], { cwd: dir });
      return (JSON.parse(res.stdout) as { title: string }[]).map((e) => e.title);
    };
    expect(await titles('hostile/enc_rssparser_ISO-8859-1_jn.pt.rss')).toContain(
      'Mãe de utente é a nova presidente da Raríssimas',
    );
    expect((await titles('hostile/enc_miniflux_WINDOWS-1251_ibash.xml')).every((t) => t.startsWith('Цитата #'))).toBe(
      true,
    );
    expect(await titles('hostile/enc_miniflux_koi8r.xml')).toContain('Первая новость');
    expect((await titles('hostile/enc_miniflux_NO-DECL_ISO-8859-1_cerclepsy.xml')).join(' ')).not.toMatch(/\uFFFD/);
  });

  it('stores nothing new on a re-run of the same feeds', async () => {
    const again = await runCli(['fetch', '--json'], { cwd: dir });
    const totals = (JSON.parse(again.stdout) as Report).totals;
    expect(totals.new).toBe(0);
    expect(totals.failed).toBe(report.totals.failed);
  }, 120_000);

  // Each real feed (not hostile/: those files are built to break parsers, and a simple
  // reader cannot judge them; their handling is asserted above) against an independent
  // reading: per item, by link, the stored date (to the minute), authors and summary.
  const judged = files.filter((f) => /^(ai-labs|news-blogs|arxiv)\//.test(f));
  it.each(judged)('stores what %s says: dates, authors, summaries', (file) => {
    const url = `${server.url}/${encodeURIComponent(file).replace(/%2F/g, '/')}`;
    const expected = readFeedIndependently(decodeAsDeclared(readFileSync(join(CORPUS, file))), url);
    const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
    const rows = h
      .prepare('select url, summary, authors, published_at, fetched_at from events where source_id = ?')
      .all(idOf(file)) as {
      url: string;
      summary: string;
      authors: string;
      published_at: string | null;
      fetched_at: string;
    }[];
    // Several files hold the same articles (snapshots of one feed, reference feeds sharing
    // example.org links): each is stored once, from whichever file was read first, and is
    // judged only against that file.
    const elsewhere = h.prepare('select url, summary from events where source_id != ?').all(idOf(file)) as {
      url: string;
      summary: string;
    }[];
    h.close();
    const arxivApi = file.startsWith('arxiv/') && file.includes('_api_');
    const key = (link: string) => (arxivApi ? link.replace(/^http:/, 'https:').replace(/v\d+$/, '') : link);
    const stored = new Map(rows.map((r) => [key(r.url), r]));
    const storedElsewhere = new Set(elsewhere.map((r) => key(r.url)));
    const seen = new Map<string, number>();
    for (const e of expected) if (e.link) seen.set(key(e.link), (seen.get(key(e.link)) ?? 0) + 1);

    const problems: string[] = [];
    let compared = 0;
    for (const e of expected) {
      // Not judged: no link this reader can resolve, or one link shared by several items.
      if (!e.link || (seen.get(key(e.link)) ?? 0) > 1) continue;
      const row = stored.get(key(e.link));
      if (!row) {
        // The same text under another link is one story (content hash); the arXiv API's
        // error entry is no paper. Anything else with a usable link must be stored.
        if (!storedElsewhere.has(key(e.link)) && !/\/api\/errors/.test(e.link) && !sameTextStored(e))
          problems.push(`${file} ${e.link}: not stored`);
        continue;
      }
      compared++;
      const at = `${file} ${e.link}`;
      if (e.date !== undefined) {
        // A date more than a day after the fetch is clamped to the fetch time (README).
        const want = e.date && Date.parse(e.date) > Date.parse(row.fetched_at) + 86_400_000 ? row.fetched_at : e.date;
        if ((row.published_at?.slice(0, 16) ?? null) !== (want?.slice(0, 16) ?? null))
          problems.push(`${at}: date ${row.published_at} != ${want}`);
      }
      const authors = JSON.parse(row.authors) as string[];
      const letters = (s: string) => s.replace(/\s+/g, '');
      const known = new Set(e.authors.map(letters));
      if (e.authors.length > 0 && authors.length === 0)
        problems.push(`${at}: no author, feed has ${JSON.stringify(e.authors)}`);
      // An author longer than the 200-character cap is stored cut, with an ellipsis.
      const cut = (a: string) =>
        a.endsWith('…') && e.authors.some((x) => letters(x).startsWith(letters(a.slice(0, -1))));
      for (const a of authors)
        if (!known.has(letters(a)) && !cut(a))
          problems.push(`${at}: author ${JSON.stringify(a)} not in ${JSON.stringify(e.authors)}`);
      const want = e.summaryLetters.slice(0, 40);
      const got = letters(row.summary).slice(0, 40);
      if (got !== want) problems.push(`${at}: summary starts ${JSON.stringify(got)}, feed ${JSON.stringify(want)}`);
    }
    expect(problems).toEqual([]);
    expect(compared, 'items compared').toBe(rows.length > 0 ? compared || -1 : 0);

    function sameTextStored(e: { summaryLetters: string }): boolean {
      const same = (r: { summary: string }) => r.summary.replace(/\s+/g, '').startsWith(e.summaryLetters.slice(0, 40));
      return e.summaryLetters !== '' && (rows.some(same) || elsewhere.some(same));
    }
  });
});

/** UTF-8 when the bytes are UTF-8 (some declarations lie), else the declared encoding, else Windows-1252. */
function decodeAsDeclared(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const label =
      bytes
        .subarray(0, 200)
        .toString('latin1')
        .match(/encoding=["']([\w.-]+)["']/)?.[1] ?? 'windows-1252';
    return new TextDecoder(label).decode(bytes);
  }
}
