import { Feed, type Item } from 'feed';
import { escapeHtml } from '../core/escape.js';
import type { FeedEntry } from './feed-entries.js';
import { FEED_FORMATS, type FeedFormat, type FeedKind, feedPath, siteBase, tagUri } from './publish-paths.js';

const TITLES: Record<FeedKind, string> = {
  digests: 'AGI progress: weekly digests',
  records: 'AGI progress: new signpost records',
  events: 'AGI progress: most significant events (tier A/B)',
};

/**
 * One feed document — Atom 1.0, RSS 2.0 or JSON Feed 1.1 — written by the `feed` library (it
 * escapes XML and splits CDATA, so no text can close an element early). In Atom and RSS the
 * title and summary are HTML (`type="html"`), so they go in escaped: a reader shows the text,
 * never markup from a feed. JSON Feed's title and summary are plain text.
 */
export function feedDocument(
  kind: FeedKind,
  format: FeedFormat,
  entries: FeedEntry[],
  baseUrl: string,
  now: Date,
): string {
  const base = siteBase(baseUrl);
  const links = Object.fromEntries(FEED_FORMATS.map((f) => [f, `${base}${feedPath(kind, f)}`]));
  // The newest stored row dates the feed, so the same database always gives the same bytes.
  const newest = entries.reduce<string | null>((n, e) => (n === null || e.updated > n ? e.updated : n), null);
  const feed = new Feed({
    id: tagUri(base, `feed/${kind}`),
    title: TITLES[kind],
    description: `${TITLES[kind]}, from the agi-tracker record.`,
    link: base,
    feedLinks: links,
    language: 'en',
    // An empty feed is dated by the day, so re-running it the same day changes nothing.
    updated: newest ? new Date(newest) : new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`),
    generator: 'agi-tracker',
    // Atom requires an author for the feed (or for every entry): the tool that keeps the record.
    author: { name: 'agi-tracker', link: base },
  });
  const xml = format !== 'json';
  for (const e of entries) {
    const item: Item = {
      id: e.id,
      title: xml ? escapeHtml(e.title) : e.title,
      link: e.link,
      date: new Date(e.updated),
      description: xml ? escapeHtml(e.summary) : e.summary,
      content: e.contentHtml,
    };
    if (e.published) item.published = new Date(e.published);
    feed.addItem(item);
  }
  if (format === 'atom') return `${feed.atom1()}\n`;
  if (format === 'rss') return `${feed.rss2()}\n`;
  // The library writes JSON Feed 1; 1.1 names its version, adds the language and lists authors.
  const { author, ...json } = JSON.parse(feed.json1()) as Record<string, unknown>;
  const v11 = { ...json, version: 'https://jsonfeed.org/version/1.1', language: 'en', authors: [author] };
  return `${JSON.stringify(v11, null, 2)}\n`;
}
