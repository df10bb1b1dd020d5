import type { RawItem } from '../core/types.js';
import { prepareXml } from './prepare-xml.js';
import { parseFeedXml } from './rss-parser-guard.js';
import { textOf } from './text-of.js';

export interface ParsedFeed {
  items: RawItem[];
  /** Base for relative links: the root's xml:base, if the feed declares one. */
  base: string | null;
}

/** RSS 0.9x / 1.0 / 2.0 and Atom text → raw items. Pure: no I/O, throws FeedError. */
export async function parseFeed(text: string): Promise<ParsedFeed> {
  const prepared = prepareXml(text);
  // A channel-less <rss> or item-less RDF is an empty feed, not an error (rss-parser would throw).
  if (/^rss$/i.test(prepared.root) && !/<channel[\s>]/i.test(prepared.xml))
    return { items: [], base: prepared.base };
  if (/rdf$/i.test(prepared.root) && !/<(\w+:)?item[\s>]/i.test(prepared.xml))
    return { items: [], base: prepared.base };
  const feed = await parseFeedXml(prepared.xml, [
    ['dc:creator', 'dcCreator'],
    ['content:encoded', 'contentEncoded'],
    ['feedburner:origLink', 'origLink'],
  ]);
  const items = feed.items.map((it): RawItem => {
    const rec = it as Record<string, unknown>;
    const author = textOf(rec.dcCreator) ?? textOf(rec.creator) ?? textOf(rec.author);
    return {
      title: textOf(rec.title),
      // FeedBurner hides the article behind a redirect; origLink is the real address.
      link: textOf(rec.origLink) ?? textOf(rec.link) ?? linkFromGuid(rec),
      guid: textOf(rec.guid) ?? textOf(rec.id),
      summary: textOf(rec.content) ?? textOf(rec.summary) ?? textOf(rec.contentEncoded),
      authors: author ? [author] : [],
      published: textOf(rec.isoDate) ?? textOf(rec.pubDate),
    };
  });
  return { items, base: prepared.base };
}

/** An item without <link> whose guid is a URL (Atom ids, permalink guids) links there. */
function linkFromGuid(rec: Record<string, unknown>): string | undefined {
  const id = textOf(rec.guid) ?? textOf(rec.id);
  return id && /^https?:\/\//i.test(id.trim()) ? id.trim() : undefined;
}
