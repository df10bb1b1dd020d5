import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
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
    ? ['arxiv', 'ai-labs', 'news-blogs', 'hostile', 'leaderboards'].flatMap((d) => readdirSync(join(CORPUS, d)).map((f) => `${d}/${f}`))
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
    for (const file of files.filter((f) => /^(ai-labs|news-blogs|arxiv)\//.test(f) && !f.includes('_error') && !f.includes('empty'))) {
      expect(byId.get(idOf(file)), file).toMatchObject({ status: 'ok' });
    }
    expect(byId.get(idOf('arxiv/arxivpy_api_id_abc_HTTP400_error.xml'))?.error).toMatch(/^arXiv API error/);
    expect(byId.get(idOf('arxiv/cn-chat-arxiv_derived_cs.AI_empty-channel.xml'))).toMatchObject({ status: 'ok', fetched: 0 });
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
    expect(await titles('hostile/enc_rssparser_ISO-8859-1_jn.pt.rss')).toContain('Mãe de utente é a nova presidente da Raríssimas');
    expect((await titles('hostile/enc_miniflux_WINDOWS-1251_ibash.xml')).every((t) => t.startsWith('Цитата #'))).toBe(true);
    expect(await titles('hostile/enc_miniflux_koi8r.xml')).toContain('Первая новость');
    expect((await titles('hostile/enc_miniflux_NO-DECL_ISO-8859-1_cerclepsy.xml')).join(' ')).not.toMatch(/\uFFFD/);
  });

  it('stores nothing new on a re-run of the same feeds', async () => {
    const again = await runCli(['fetch', '--json'], { cwd: dir });
    const totals = (JSON.parse(again.stdout) as Report).totals;
    expect(totals.new).toBe(0);
    expect(totals.failed).toBe(report.totals.failed);
  }, 120_000);
});
