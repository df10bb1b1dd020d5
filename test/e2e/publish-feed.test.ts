import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { decodeHTML } from 'entities';
import Parser from 'rss-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { feedJob } from '../../src/jobs/feed.js';
import { runCli } from '../helpers/cli.js';
import { jobContext } from '../helpers/job-context.js';
import { BASE_URL, HOSTILE_TITLE, publishedRecord } from '../helpers/publish-fixture.js';
import type { TestServer } from '../helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const tag = (specific: string) => `tag:user.github.io,2026:agi-tracker/${specific}`;

interface DigestRow {
  week: string;
  payload: string;
  computed_at: string;
}
interface EventRow {
  id: number;
  title: string;
  url: string;
}

function rows<T>(dir: string, sql: string): T[] {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  try {
    return h.prepare(sql).all() as T[];
  } finally {
    h.close();
  }
}

/** What a reader sees of an Atom/RSS entry: the id, the title as text (type="html" decoded), the link. */
async function readXml(xml: string) {
  const feed = await new Parser().parseString(xml);
  return {
    feed,
    items: feed.items.map((i) => ({
      id: (i.id as string | undefined) ?? i.guid ?? '',
      title: decodeHTML(i.title ?? ''),
      link: i.link ?? '',
      date: i.isoDate ?? '',
    })),
  };
}

/** The JSON Feed 1.1 rules a reader relies on. */
function checkJsonFeed(text: string, kind: string) {
  const feed = JSON.parse(text);
  expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
  expect(feed.title).toEqual(expect.any(String));
  expect(feed.home_page_url).toBe(BASE_URL);
  expect(feed.feed_url).toBe(`${BASE_URL}feeds/${kind}.json`);
  const ids = new Set<string>();
  for (const item of feed.items) {
    expect(item.id).toEqual(expect.any(String));
    expect(ids.has(item.id)).toBe(false);
    ids.add(item.id);
    expect(typeof item.content_html === 'string' || typeof item.content_text === 'string').toBe(true);
    expect(item.url).toMatch(/^https?:\/\//);
    expect(Number.isNaN(Date.parse(item.date_modified))).toBe(false);
  }
  return feed as { items: { id: string; title: string; url: string; content_html: string; summary: string }[] };
}

describe('feed', () => {
  it('publishes the stored digests, records and events in Atom, RSS and JSON Feed as stored', async () => {
    const { dir, env } = await publishedRecord(servers);
    const digests = rows<DigestRow>(dir, 'select week, payload, computed_at from digests order by week desc');
    expect(digests.map((d) => d.week)).toEqual(['2026-W46', '2026-W45']);
    const feed = async (kind: 'digests' | 'records' | 'events', format: 'atom' | 'rss' | 'json') =>
      (await feedJob(jobContext(dir, env), kind, format)).document;

    // Digests: one entry per stored digest, its page on the site, updated when it was computed.
    for (const format of ['atom', 'rss'] as const) {
      const { feed: parsed, items } = await readXml(await feed('digests', format));
      expect(parsed.link).toBe(BASE_URL);
      expect(items.map((i) => i.id)).toEqual(digests.map((d) => tag(`digest/${d.week}`)));
      expect(items.map((i) => i.link)).toEqual(digests.map((d) => `${BASE_URL}digests/${d.week}.html`));
      expect(items.map((i) => i.date)).toEqual(digests.map((d) => d.computed_at));
    }
    const atomDigests = await feed('digests', 'atom');
    expect(atomDigests).toContain(`<link rel="self" href="${BASE_URL}feeds/digests.atom"/>`);
    expect(await feed('digests', 'rss')).toContain(`href="${BASE_URL}feeds/digests.rss" rel="self"`);
    expect(atomDigests).toContain('<author>');
    // Each entry carries the digest's HTML and a summary line with the index.
    const w46 = JSON.parse(digests[0]?.payload ?? '{}');
    const equal = w46.index.presets[0];
    const jsonDigests = checkJsonFeed(await feed('digests', 'json'), 'digests');
    expect(jsonDigests.items[0]?.summary).toBe(
      `Index (equal) ${equal.overall.toFixed(3)} (${equal.weekMovement >= 0 ? '+' : '−'}` +
        `${Math.abs(equal.weekMovement).toFixed(3)} this week); ${w46.records.length} new signpost records.`,
    );
    expect(jsonDigests.items[0]?.content_html).toContain('<h1>AGI progress digest — 2026-W46</h1>');

    // Records: one entry per record of the stored digests, linking its evidence.
    const records = digests.flatMap((d) => JSON.parse(d.payload).records) as {
      signpost: string;
      date: string;
      eventId: number;
      url: string;
    }[];
    expect(records.length).toBeGreaterThan(1);
    const recordIds = records.map((r) => tag(`record/${r.signpost}/${r.date}/${r.eventId}`)).sort();
    for (const format of ['atom', 'rss'] as const) {
      const { items } = await readXml(await feed('records', format));
      expect(items.map((i) => i.id).sort()).toEqual(recordIds);
      for (const i of items) expect(records.map((r) => r.url)).toContain(i.link);
    }
    expect(
      checkJsonFeed(await feed('records', 'json'), 'records')
        .items.map((i) => i.id)
        .sort(),
    ).toEqual(recordIds);

    // Events: the top A/B events of each digest, titles and links exactly as stored.
    const events = rows<EventRow>(dir, 'select id, title, url from events');
    const byId = new Map(events.map((e) => [tag(`event/${e.id}`), e]));
    const top = digests.flatMap((d) =>
      JSON.parse(d.payload).topEvents.flatMap((g: { events: { id: number }[] }) =>
        g.events.map((e) => tag(`event/${e.id}`)),
      ),
    );
    for (const format of ['atom', 'rss'] as const) {
      const { items } = await readXml(await feed('events', format));
      expect(items.map((i) => i.id).sort()).toEqual([...top].sort());
      for (const i of items)
        expect({ title: i.title, link: i.link }).toEqual(
          byId.get(i.id) && { title: byId.get(i.id)?.title, link: byId.get(i.id)?.url },
        );
    }
    const json = checkJsonFeed(await feed('events', 'json'), 'events');
    for (const i of json.items)
      expect({ title: i.title, url: i.url }).toEqual({ title: byId.get(i.id)?.title, url: byId.get(i.id)?.url });
    expect(json.items.map((i) => i.title)).toContain(HOSTILE_TITLE);
  });

  it('escapes hostile feed text in every format, and gives the same bytes for the same database', async () => {
    const { dir, env } = await publishedRecord(servers);
    for (const kind of ['digests', 'records', 'events'] as const)
      for (const format of ['atom', 'rss', 'json'] as const) {
        const text = (await feedJob(jobContext(dir, env), kind, format)).document;
        // JSON Feed's title and summary are plain text by the spec; its HTML is content_html.
        const html =
          format === 'json'
            ? JSON.parse(text)
                .items.map((i: { content_html: string }) => i.content_html)
                .join()
            : text;
        expect(html, `${kind} ${format}`).not.toMatch(/<script|<img|onerror=alert\(1\)>|href="javascript/i);
        expect((await feedJob(jobContext(dir, env), kind, format)).document).toBe(text);
      }
    const atom = (await feedJob(jobContext(dir, env), 'events', 'atom')).document;
    // Escaped once inside CDATA (type="html"), so the CDATA terminator in the text is inert too.
    expect(atom).toContain('<![CDATA[&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; ]]&gt; reaches 80%');
    const { items } = await readXml(atom);
    expect(items.map((i) => i.title)).toContain(HOSTILE_TITLE);
    const json = JSON.parse((await feedJob(jobContext(dir, env), 'events', 'json')).document);
    const hostile = json.items.find((i: { title: string }) => i.title === HOSTILE_TITLE);
    expect(hostile.content_html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hostile.url).toBe('https://lab.example/x?a=1&b=2');
  });

  it('runs from the CLI: stdout or --out, --json summary, usage errors exit 2, no database exits 1', async () => {
    const { dir, env } = await publishedRecord(servers);
    const printed = await runCli(['feed', '--kind', 'records', '--format', 'rss'], { cwd: dir, env });
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<rss version="2.0"/);
    const out = join(dir, 'events.atom');
    const written = await runCli(['feed', '--kind', 'events', '--out', out, '--json'], { cwd: dir, env });
    expect(written.code, written.stderr).toBe(0);
    expect(JSON.parse(written.stdout)).toMatchObject({
      kind: 'events',
      format: 'atom',
      out,
      entries: expect.any(Number),
    });
    expect(readFileSync(out, 'utf8')).toMatch(/<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect((await runCli(['feed', '--json'], { cwd: dir, env })).stdout).toMatch(
      /"version": "https:\/\/jsonfeed.org\/version\/1.1"/,
    );
    const wrapped = JSON.parse((await runCli(['feed', '--json', '--format', 'rss'], { cwd: dir, env })).stdout);
    expect(wrapped).toMatchObject({ kind: 'digests', format: 'rss', entries: 2 });
    expect(wrapped.document).toMatch(/^<\?xml/);
    const bad = await runCli(['feed', '--kind', 'nope'], { cwd: dir, env });
    expect(bad.code).toBe(2);
    const missing = await runCli(['feed', '--db', join(dir, 'none.db')], { cwd: dir, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/database not found/);
  });
});
