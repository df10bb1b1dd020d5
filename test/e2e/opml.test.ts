import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir, writeConfig } from '../helpers/cli.js';

interface Listed {
  id: string;
  kind: string;
  url: string;
  category: string;
  tier: string;
  enabled: boolean;
  note?: string;
}

const pick = ({ id, kind, url, category, tier, enabled, note }: Listed) => ({
  id,
  kind,
  url,
  category,
  tier,
  enabled,
  note,
});

async function list(dir: string): Promise<Listed[]> {
  const res = await runCli(['sources', 'list', '--json'], { cwd: dir });
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Listed[];
}

describe('OPML', () => {
  it('round-trips the feed sources: export, then import into an empty list, gives them back', async () => {
    const from = tempDir();
    const exported = await runCli(['sources', 'export'], { cwd: from });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<opml version="2\.0">/);
    expect(exported.stderr).toMatch(/\d+ sources left out \(OPML lists feeds\): swe-bench-verified, /);
    const original = (await list(from)).filter((s) => s.kind !== 'leaderboard');

    const to = tempDir();
    writeConfig(to, { sources: [] });
    const file = join(to, 'sources.opml');
    writeFileSync(file, exported.stdout);
    const imported = await runCli(['sources', 'import', file, '--json'], { cwd: to });
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ config: './agi-tracker.config.json', skipped: [] });
    const byId = (a: Listed, b: Listed) => a.id.localeCompare(b.id);
    expect((await list(to)).sort(byId).map(pick)).toEqual(original.sort(byId).map(pick)); // grouped by category
    // The config file keeps its other keys, and a second import adds nothing.
    const config = JSON.parse(readFileSync(join(to, 'agi-tracker.config.json'), 'utf8'));
    expect(config.http).toMatchObject({ requestsPerMinutePerHost: 60_000 });
    const again = JSON.parse((await runCli(['sources', 'import', file, '--json'], { cwd: to })).stdout);
    expect(again.added).toEqual([]);
    expect(again.skipped[0].reason).toBe('already a source (arxiv-cs-ai-lg-cl)');

    const out = join(to, 'again.opml');
    const written = await runCli(['sources', 'export', '--out', out, '--json'], { cwd: to, env: {} });
    expect(JSON.parse(written.stdout)).toMatchObject({ out, exported: original.length, leftOut: [] });
    // Same sources, same file (the date line aside).
    const body = (text: string) => text.replace(/<dateCreated>.*<\/dateCreated>/, '');
    expect(body(readFileSync(out, 'utf8'))).toBe(body(exported.stdout.trimEnd() + '\n'));
  }, 90_000); // 7 CLI runs

  it('imports a reader’s OPML: folders as categories, tier C, ids from titles, hostile entries skipped', async () => {
    const dir = tempDir();
    writeConfig(dir, {
      sources: [{ id: 'openai', kind: 'feed', url: 'https://openai.com/news/rss.xml', category: 'lab', tier: 'B' }],
    });
    const res = await runCli(['sources', 'import', join(FIXTURES, 'opml', 'reader-export.opml'), '--json'], {
      cwd: dir,
    });
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.added.map((s: Listed) => [s.id, s.kind, s.category, s.tier, s.url])).toEqual([
      ['anthropic-friends', 'feed', 'AI labs', 'C', 'https://example.org/anthropic.xml'],
      ['anthropic-friends-2', 'feed', 'AI labs', 'C', 'https://example.org/anthropic-2.xml'],
      // The DOCTYPE's entities are never declared: "&lol2;&xxe;" stays text, nothing expands or is read.
      ['lol2-xxe', 'feed', 'AI labs', 'C', 'https://example.org/entities.xml'],
      [
        'arxiv-cs-lg',
        'arxiv',
        'Papers',
        'C',
        'https://export.arxiv.org/api/query?search_query=cat:cs.LG&max_results=50',
      ],
      ['tagged', 'feed', 'Blogs', 'C', 'https://example.org/blog.xml'],
    ]);
    expect(report.skipped.map((s: { reason: string }) => s.reason)).toEqual([
      'already a source (openai)', // HTTPS://OpenAI.com/… is the same URL
      'not an http(s) URL',
      'not an http(s) URL',
      'no xmlUrl: not a feed',
    ]);
    expect((await list(dir)).map((s) => s.id)).toEqual(['openai', ...report.added.map((s: Listed) => s.id)]);

    const tiered = tempDir();
    writeConfig(tiered, { sources: [] });
    const dry = await runCli(
      [
        'sources',
        'import',
        join(FIXTURES, 'opml', 'reader-export.opml'),
        '--tier',
        'b',
        '--category',
        'mine',
        '--dry-run',
      ],
      { cwd: tiered },
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/would add 6 sources to \.\/agi-tracker\.config\.json, skipped 3$/m);
    expect(await list(tiered)).toEqual([]);
  });

  it('refuses what is not OPML, and a config without sources gets the catalogue first', async () => {
    const dir = tempDir();
    const rss = join(dir, 'feed.xml');
    writeFileSync(rss, '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>');
    const bad = await runCli(['sources', 'import', rss], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${rss}: not an OPML file (root element <rss>)`);
    const missing = await runCli(['sources', 'import', join(dir, 'nope.opml')], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.opml: ENOENT/);
    const tier = await runCli(['sources', 'import', rss, '--tier', 'E'], { cwd: dir });
    expect(tier.code).toBe(2);
    expect(tier.stderr).toContain('--tier must be one of A, B, C, D (got "E")');

    const opml = join(dir, 'one.opml');
    writeFileSync(
      opml,
      '<opml version="2.0"><body><outline text="Mine" xmlUrl="https://mine.example/feed"/></body></opml>',
    );
    const res = await runCli(['sources', 'import', opml], { cwd: dir });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('had no "sources" list: the built-in catalogue was written into it first');
    const ids = (await list(dir)).map((s) => s.id);
    expect(ids).toContain('arxiv-cs-ai-lg-cl');
    expect(ids[ids.length - 1]).toBe('mine');
  });
});
