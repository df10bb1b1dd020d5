import type { NormalizedItem, RawItem, Source } from '../core/types.js';
import { decodeFeed } from '../sources/decode.js';
import { parseFeed } from '../sources/feed.js';
import { pageContentType } from '../sources/html-charset.js';
import { parsePage } from '../sources/page.js';
import { applySharedLinkIdentity, newest } from './identity.js';
import { normalizeItem } from './normalize.js';

export type Pair = { raw: RawItem; item: NormalizedItem };

/** What a worker (or the main thread) needs to turn one feed response into items. */
export interface ParseJob {
  source: Pick<Source, 'kind' | 'category' | 'page'>;
  body: Uint8Array;
  contentType: string | null;
  finalUrl: string;
  limit: number;
  /** ISO time of this fetch: the latest date an item may carry. */
  fetchedAt: string;
}

export interface ParsedItems {
  items: NormalizedItem[];
  /** Items the feed held. */
  fetched: number;
  /** Items dropped for having no usable link (or no text at all). */
  skipped: number;
}

/** Bytes of one feed → its newest `limit` normalised items. Pure and synchronous-ish: no I/O. */
export async function parseFeedBody(job: ParseJob): Promise<ParsedItems> {
  // A page source reads HTML by its selectors (and its <meta> charset); from there on its items are a feed's.
  const page = job.source.kind === 'page' ? job.source.page : undefined;
  const text = decodeFeed(job.body, page ? pageContentType(job.body, job.contentType) : job.contentType);
  const parsed = page ? await parsePage(text, page) : await parseFeed(text);
  const base = parsed.base ? resolveBase(parsed.base, job.finalUrl) : job.finalUrl;
  const pairs = toPairs(parsed.items, job.source, base, job.fetchedAt);
  return {
    items: newest(pairs, job.limit).map((p) => p.item),
    fetched: parsed.items.length,
    skipped: parsed.items.length - pairs.length,
  };
}

export function toPairs(
  raws: RawItem[],
  source: Pick<Source, 'kind' | 'category'>,
  base: string,
  fetchedAt: string,
): Pair[] {
  const pairs: Pair[] = [];
  for (const raw of raws) {
    const item = normalizeItem(raw, source, base, fetchedAt);
    if (item) pairs.push({ raw, item });
  }
  applySharedLinkIdentity(pairs);
  return pairs;
}

/** A relative xml:base resolves against the document URL; an unusable one is ignored. */
function resolveBase(base: string, documentUrl: string): string {
  try {
    const url = new URL(base, documentUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : documentUrl;
  } catch {
    return documentUrl;
  }
}
