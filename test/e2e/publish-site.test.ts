import { readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { digestJob } from '../../src/jobs/digest.js';
import { siteJob } from '../../src/jobs/site.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { jobContext } from '../helpers/job-context.js';
import { publishedRecord } from '../helpers/publish-fixture.js';
import type { TestServer } from '../helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Every file under a folder, by its path relative to it. */
function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(root, join(dir, d.name)) : [relative(root, join(dir, d.name))],
  );
}

function contents(root: string): Map<string, string> {
  return new Map(filesUnder(root).map((f) => [f, readFileSync(join(root, f), 'utf8')]));
}

describe('site', () => {
  it('writes self-contained pages: internal links resolve, no script or handler, http(s) outbound, CSP', async () => {
    const { dir, env } = await publishedRecord(servers);
    const out = join(dir, 'site');
    const result = await siteJob(jobContext(dir, env), { out, weeks: 52 });
    const files = filesUnder(out).sort();
    expect(result.written.sort()).toEqual(files);
    expect(files).toEqual(
      expect.arrayContaining([
        'index.html',
        'archive.html',
        'digests/2026-W45.html',
        'digests/2026-W46.html',
        'signposts/swe_bench_85.html',
        'feeds/digests.atom',
        'feeds/records.rss',
        'feeds/events.json',
      ]),
    );
    const pages = files.filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(30); // home, archive, 2 digests, every signpost
    for (const page of pages) {
      const html = readFileSync(join(out, page), 'utf8');
      expect(html, page).not.toMatch(/<script/i);
      expect(html, page).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      expect(html, page).toContain(
        '<meta http-equiv="Content-Security-Policy" ' +
          `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;`,
      );
      expect(html, page).not.toMatch(/<(img|iframe|object|embed|link rel="stylesheet")/i);
      for (const [, attr, url] of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
        const link = (url ?? '').replace(/&amp;/g, '&');
        if (/^https?:\/\//.test(link)) continue; // outbound: absolute http(s) only
        expect(attr, `${page}: ${link}`).toBe('href');
        // Relative, so the site works under a sub-path: no scheme, no leading slash, and it exists.
        expect(link, page).not.toMatch(/^([a-z][a-z0-9+.-]*:|\/)/i);
        const target = resolve(dirname(join(out, page)), link.split('#')[0] ?? '');
        expect(statSync(target, { throwIfNoEntry: false })?.isFile(), `${page} → ${link}`).toBe(true);
      }
    }
    // Every page links the three feeds.
    for (const page of pages)
      for (const kind of ['digests', 'records', 'events'])
        expect(readFileSync(join(out, page), 'utf8'), page).toMatch(
          new RegExp(`href="(\\.\\./)?feeds/${kind}\\.atom"`),
        );
    // The home page shows the stored numbers; the archive lists both digests.
    const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
    const latest = h
      .prepare("select date, overall from snapshots where preset = 'equal' order by date desc limit 1")
      .get() as { date: string; overall: number };
    h.close();
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home).toContain(`The AGI index on ${latest.date} (UTC)`);
    expect(home).toContain(`<td>equal</td><td>${latest.overall.toFixed(3)}</td>`);
    expect(home).toMatch(/<svg [^>]*class="chart"/);
    expect(home.match(/class="gauge"/g)).toHaveLength(4);
    const archive = readFileSync(join(out, 'archive.html'), 'utf8');
    expect(archive.indexOf('digests/2026-W46.html')).toBeLessThan(archive.indexOf('digests/2026-W45.html'));
  });

  it('escapes hostile feed text on every page, showing it as text', async () => {
    const { dir, env } = await publishedRecord(servers);
    const out = join(dir, 'site');
    await siteJob(jobContext(dir, env), { out, weeks: 52 });
    const escaped = '&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; ]]&gt; reaches 80% on SWE-bench Verified';
    const signpost = readFileSync(join(out, 'signposts/swe_bench_85.html'), 'utf8');
    expect(signpost).toContain(escaped);
    expect(signpost).toContain('&lt;img src=x onerror=alert(1)&gt; [click](javascript:alert(2)) &amp; more');
    expect(signpost).toContain('href="https://lab.example/x?a=1&amp;b=2"');
    // The rumour (tier C) is listed "if true", never as evidence.
    expect(signpost).toMatch(/If true \(tier C\/D, not counted\)<\/h2>\n<ul class="readings"><li>95%/);
    expect(readFileSync(join(out, 'digests/2026-W46.html'), 'utf8')).toContain(escaped);
    for (const [name, text] of contents(out))
      if (name.endsWith('.html')) expect(text, name).not.toMatch(/<script|<img|href="javascript/i);
  });

  it('gives the same bytes for the same database and clock, rewriting only pages whose inputs changed', async () => {
    const { dir, env } = await publishedRecord(servers);
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    await siteJob(jobContext(dir, env), { out: a, weeks: 52 });
    await siteJob(jobContext(dir, env), { out: b, weeks: 52 });
    expect(contents(b)).toEqual(contents(a));

    // Mark every file old: whatever is rewritten next gets a new time.
    const old = new Date('2020-01-01T00:00:00Z');
    for (const f of filesUnder(a)) utimesSync(join(a, f), old, old);
    const again = await siteJob(jobContext(dir, env), { out: a, weeks: 52 });
    expect(again.written).toEqual([]);
    expect(again.unchanged).toBe(filesUnder(a).length);
    for (const f of filesUnder(a)) expect(statSync(join(a, f)).mtime.getTime(), f).toBe(old.getTime());

    // A digest of an earlier week (W44): its page and the archive change; the other digests and
    // the signposts do not (the home page may: the digest stores snapshots its chart shows).
    expect((await digestJob(jobContext(dir, env), { week: '2026-W44' })).verdict).toBe('ok');
    const next = await siteJob(jobContext(dir, env), { out: a, weeks: 52 });
    expect(next.written).toContain('digests/2026-W44.html');
    expect(next.written).toContain('archive.html');
    expect(next.written).not.toContain('digests/2026-W45.html');
    expect(next.written).not.toContain('digests/2026-W46.html');
    expect(next.written).not.toContain('signposts/swe_bench_85.html');
    expect(statSync(join(a, 'digests/2026-W46.html')).mtime.getTime()).toBe(old.getTime());
  });

  it('runs from the CLI: --out is required, --json reports what was written, no database exits 1', async () => {
    const { dir, env } = await publishedRecord(servers);
    const res = await runCli(['site', '--out', 'public', '--weeks', '1', '--json'], { cwd: dir, env });
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary).toMatchObject({ out: 'public', unchanged: 0 });
    expect(summary.written).toContain('digests/2026-W46.html');
    expect(summary.written).not.toContain('digests/2026-W45.html'); // --weeks 1: the newest digest only
    expect((await runCli(['site'], { cwd: dir, env })).code).toBe(2);
    expect((await runCli(['site', '--out', 'x', '--weeks', '0'], { cwd: dir, env })).code).toBe(2);
    const missing = await runCli(['site', '--out', 'x'], { cwd: tempDir(), env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/database not found/);
  });
});
