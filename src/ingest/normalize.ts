import { createHash } from 'node:crypto';
import { DAY_MS } from '../core/durations.js';
import { plainLine } from '../core/plain-text.js';
import type { EventKind, NormalizedItem, RawItem, Source } from '../core/types.js';
import { parseFeedDate } from '../sources/feed-date.js';
import { absoluteUrl, canonicalOf } from './canonical-url.js';
import { htmlToText } from './html-to-text.js';

export const MAX_TITLE = 300;
export const MAX_SUMMARY = 2000;
const MAX_AUTHORS = 100;
/** How far past the fetch a date may lie (time zones, clock skew) before it is not believed. */
const FUTURE_SLACK_MS = DAY_MS;

/**
 * Raw item → storable item, or null when it has nothing to identify it (no usable link
 * and no title). `base` resolves relative links: the feed's xml:base, else its URL.
 * `fetchedAt` bounds the date: one more than a day later is clamped to it, or a year-3000
 * pubDate would sort the item first forever.
 */
export function normalizeItem(
  raw: RawItem,
  source: Pick<Source, 'kind' | 'category'>,
  base: string,
  fetchedAt: string,
): NormalizedItem | null {
  const title = htmlToText(raw.title ?? '', MAX_TITLE);
  const summary = htmlToText(raw.summary ?? '', MAX_SUMMARY);
  const link = absoluteUrl(raw.link, base);
  if (!link) return null;
  if (!title && !summary) return null;
  const url = link.toString(); // before canonicalOf changes `link`
  const canonical = canonicalOf(link);
  const authors = (raw.authors ?? [])
    .map((a) => htmlToText(a, 200))
    .filter(Boolean)
    .slice(0, MAX_AUTHORS);
  const pdf = raw.pdfUrl ? absoluteUrl(raw.pdfUrl, base) : null;
  return {
    kind: kindOf(source, canonical),
    title: title || summary.slice(0, 120),
    url,
    canonicalUrl: canonical,
    contentHash: contentHash(title, summary),
    summary,
    authors,
    externalId: raw.externalId ?? null,
    primaryCategory: raw.primaryCategory ? plainLine(raw.primaryCategory).trim().slice(0, 50) || null : null,
    pdfUrl: pdf ? pdf.toString() : null,
    publishedAt: notAfter(isoDate(raw.published), fetchedAt),
  };
}

/** sha256 of the normalised title and summary, case-folded: the same story hashes alike. */
export function contentHash(title: string, summary: string): string {
  return createHash('sha256').update(`${title.toLowerCase()}\n${summary.toLowerCase()}`).digest('hex');
}

/** Any date a feed gives → ISO-8601 UTC, or null when unreadable. */
export function isoDate(value: string | undefined): string | null {
  const d = parseFeedDate(value);
  if (!d) return null;
  const year = d.getUTCFullYear();
  return year < 1990 || year > 9999 ? null : d.toISOString();
}

function notAfter(date: string | null, fetchedAt: string): string | null {
  if (!date) return null;
  return Date.parse(date) > Date.parse(fetchedAt) + FUTURE_SLACK_MS ? fetchedAt : date;
}

function kindOf(source: Pick<Source, 'kind' | 'category'>, canonical: string): EventKind {
  if (source.kind === 'arxiv' || canonical.startsWith('https://arxiv.org/abs/')) return 'paper';
  if (source.category === 'news') return 'news';
  return 'post';
}
