import type { RawItem } from '../core/types.js';
import { parseFeedDate } from './feed-date.js';
import { prepareXml } from './prepare-xml.js';
import { type CustomItemField, parseFeedXml } from './rss-parser-guard.js';
import { textOf } from './text-of.js';

export interface ParsedFeed {
  items: RawItem[];
  /** Base for relative links: the root's xml:base, if the feed declares one. */
  base: string | null;
}

/** Elements read raw, beside what rss-parser reads itself. */
const ITEM_FIELDS: CustomItemField[] = [
  ['dc:creator', 'dcCreators', { keepArray: true }],
  ['author', 'authorNodes', { keepArray: true }],
  ['itunes:author', 'itunesAuthor'],
  ['content:encoded', 'contentEncoded'],
  ['itunes:summary', 'itunesSummary'],
  ['feedburner:origLink', 'origLink'],
  ['pubDate', 'pubDateRaw'],
  ['dc:date', 'dcDate'],
  ['agi-published', 'publishedRaw'],
  ['agi-updated', 'updatedRaw'],
  // Atom 0.3
  ['issued', 'issued'],
  ['created', 'created'],
  ['modified', 'modified'],
];

/** RSS 0.9x / 1.0 / 2.0 and Atom (1.0 and 0.3) text → raw items. Pure: no I/O, throws FeedError. */
export async function parseFeed(text: string): Promise<ParsedFeed> {
  const prepared = prepareXml(text);
  // A channel-less <rss> or item-less RDF is an empty feed, not an error (rss-parser would throw).
  if (/^rss$/i.test(prepared.root) && !/<channel[\s>]/i.test(prepared.xml)) return { items: [], base: prepared.base };
  if (/rdf$/i.test(prepared.root) && !/<(\w+:)?item[\s>]/i.test(prepared.xml))
    return { items: [], base: prepared.base };
  const feed = await parseFeedXml(hideAtomDates(prepared.xml), ITEM_FIELDS);
  const items = feed.items.map((it): RawItem => {
    const rec = it as Record<string, unknown>;
    return {
      title: textOf(rec.title),
      // FeedBurner hides the article behind a redirect; origLink is the real address.
      link: textOf(rec.origLink) ?? textOf(rec.link) ?? linkFromGuid(rec),
      guid: textOf(rec.guid) ?? textOf(rec.id),
      // As feedparser: Atom's summary, else its content; RSS's description, else
      // content:encoded; a podcast's itunes:summary last.
      summary: firstText(rec.summary, rec.content, rec.contentEncoded, rec.itunesSummary),
      authors: authorsOf(rec),
      published: dateOf(rec),
    };
  });
  return { items, base: prepared.base };
}

/**
 * rss-parser turns Atom <published>/<updated> into Date objects itself and throws on one it
 * cannot read ("Seg, 24 Set 2018 …"), failing the whole feed: renamed, they reach us raw.
 * CDATA sections are skipped whole.
 */
function hideAtomDates(xml: string): string {
  return xml.replace(
    /<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)(published|updated)(?=[\s/>])/g,
    (whole, slash: string | undefined, name: string | undefined) => (name ? `<${slash}agi-${name}` : whole),
  );
}

/** The publication date first, else the last update (feedparser's order); the first one readable. */
function dateOf(rec: Record<string, unknown>): string | undefined {
  const candidates = [
    rec.publishedRaw,
    rec.pubDateRaw,
    rec.dcDate,
    rec.issued,
    rec.created,
    rec.updatedRaw,
    rec.modified,
  ];
  for (const value of candidates) {
    const text = textOf(value)?.trim();
    if (text && parseFeedDate(text)) return text;
  }
  return undefined;
}

/** dc:creator, RSS <author> (text, or a nested Atom-style <name>), Atom authors, itunes:author. */
function authorsOf(rec: Record<string, unknown>): string[] {
  const names: string[] = [];
  const nodes = [...asArray(rec.dcCreators), ...asArray(rec.authorNodes), ...asArray(rec.itunesAuthor)];
  for (const node of nodes) {
    const name = (textOf(node) ?? textOf((node as { name?: unknown } | null)?.name))?.trim();
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    const text = textOf(value);
    if (text?.trim()) return text;
  }
  return undefined;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** An item without <link> whose guid is a URL (Atom ids, permalink guids) links there. */
function linkFromGuid(rec: Record<string, unknown>): string | undefined {
  const id = textOf(rec.guid) ?? textOf(rec.id);
  return id && /^https?:\/\//i.test(id.trim()) ? id.trim() : undefined;
}
