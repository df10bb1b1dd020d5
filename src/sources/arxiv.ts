import { plainLine } from '../core/plain-text.js';
import type { RawItem } from '../core/types.js';
import { FeedError } from './feed-error.js';
import { prepareXml } from './prepare-xml.js';
import { parseFeedXml } from './rss-parser-guard.js';
import { attrOf, textOf } from './text-of.js';

export interface ArxivPage {
  items: RawItem[];
  /** opensearch:totalResults, when the response says. */
  totalResults: number | null;
}

/**
 * One page of the arXiv API (Atom) → papers. The API reports errors as a feed whose single
 * entry is titled "Error" with an id under /api/errors: that is an error, not a paper.
 */
export async function parseArxivPage(text: string): Promise<ArxivPage> {
  const prepared = prepareXml(text);
  const feed = await parseFeedXml(prepared.xml, [
    ['author', 'authorNodes', { keepArray: true }],
    ['link', 'linkNodes', { keepArray: true }],
    ['arxiv:primary_category', 'primaryCategoryNode'],
    ['published', 'publishedRaw'],
  ]);
  const items: RawItem[] = [];
  for (const entry of feed.items as Record<string, unknown>[]) {
    const id = textOf(entry.id) ?? '';
    if (/\/api\/errors/.test(id) || (textOf(entry.title)?.trim() === 'Error' && !arxivIdOf(id))) {
      throw new FeedError(plainLine(`arXiv API error: ${textOf(entry.summary)?.trim() || id}`).slice(0, 300));
    }
    const externalId = arxivIdOf(id);
    if (!externalId) continue;
    const links = Array.isArray(entry.linkNodes) ? entry.linkNodes : [];
    const pdf = links.find((l) => attrOf(l, 'title') === 'pdf' || attrOf(l, 'type') === 'application/pdf');
    const authors = (Array.isArray(entry.authorNodes) ? entry.authorNodes : [])
      .map((a) => textOf((a as { name?: unknown }).name)?.trim())
      .filter((a): a is string => Boolean(a));
    items.push({
      title: textOf(entry.title),
      link: `https://arxiv.org/abs/${externalId}`,
      guid: id,
      summary: textOf(entry.summary),
      authors,
      published: textOf(entry.publishedRaw) ?? textOf(entry.isoDate),
      externalId,
      primaryCategory: attrOf(entry.primaryCategoryNode, 'term'),
      pdfUrl: pdf ? attrOf(pdf, 'href') : `https://arxiv.org/pdf/${externalId}`,
    });
  }
  const total = text.match(/<opensearch:totalResults[^>]*>\s*(\d+)\s*</);
  return { items, totalResults: total?.[1] ? Number(total[1]) : null };
}

/** "http://arxiv.org/abs/2104.12255v1" → "2104.12255"; old style "astro-ph/0601001v2" → "astro-ph/0601001". */
export function arxivIdOf(url: string): string | null {
  const m = url.match(
    /arxiv\.org\/(?:abs|pdf)\/([a-z-]+(?:\.[A-Z]{2})?\/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?\/?$/i,
  );
  return m?.[1] ?? null;
}

/** Page size: the source URL's max_results (1–100, arXiv's courtesy limit per request), else 100. */
export function arxivPageSize(sourceUrl: string): number {
  const n = Number(new URL(sourceUrl).searchParams.get('max_results'));
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 100) : 100;
}

/** The API URL for the page starting at `start` with `size` results. */
export function arxivPageUrl(base: string, start: number, size: number): string {
  const url = new URL(base);
  url.searchParams.set('start', String(start));
  url.searchParams.set('max_results', String(size));
  return url.toString();
}
