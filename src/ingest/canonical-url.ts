import { arxivIdOf } from '../sources/arxiv.js';

/** Query parameters that only track the reader; removing them never changes the page. */
const TRACKING_PARAMS = [
  'utm_.* fbclid gclid dclid gbraid wbraid msclkid mc_cid mc_eid yclid igshid _hsenc _hsmi mkt_tok',
  'oly_anon_id oly_enc_id vero_id __s s_cid ref_src ref_url cmpid ncid sr_share spm',
].join(' ');
const TRACKING = new RegExp(`^(${TRACKING_PARAMS.split(' ').join('|')})$`, 'i');

/**
 * An absolute http(s) URL in one spelling per page: lower-case scheme and host (URL does
 * that), no default port, no fragment, no tracking parameters, the rest sorted; arXiv
 * abs/pdf/versioned links → https://arxiv.org/abs/<id>. Null for anything not http(s).
 */
export function canonicalUrl(href: string | undefined, base?: string | null): string | null {
  const url = absoluteUrl(href, base);
  return url ? canonicalOf(url) : null;
}

/**
 * canonicalUrl of a URL absoluteUrl gave: for a caller that needs both the link and its
 * canonical form, so the link is parsed once (URL parsing was ~10% of normalising). Changes
 * `url`: read what it needs of it first.
 */
export function canonicalOf(url: URL): string {
  if (/(^|\.)arxiv\.org$/.test(url.hostname)) {
    const id = arxivIdOf(`${url.hostname}${url.pathname}`);
    if (id) return `https://arxiv.org/abs/${id}`;
  }
  url.hash = '';
  // Most links have no query: nothing to filter or sort (a bare "?" still goes).
  if (url.search !== '' || url.href.endsWith('?')) {
    const kept = [...url.searchParams].filter(([key, value]) => !isTracking(key, value));
    kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    url.search = new URLSearchParams(kept).toString();
  }
  return url.toString();
}

/** Longer links break browsers, servers and sitemaps alike: not a usable link. */
export const MAX_URL_LENGTH = 2048;

/**
 * Resolves against the base (xml:base, else the feed URL); only http(s) results count, of
 * at most MAX_URL_LENGTH characters. Credentials (user:pass@) are dropped: a link is
 * stored, printed and exported, and a password has no business in any of them.
 */
export function absoluteUrl(href: string | undefined, base?: string | null): URL | null {
  const trimmed = href?.trim();
  if (!trimmed || trimmed.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  url.username = '';
  url.password = '';
  return url.href.length > MAX_URL_LENGTH ? null : url;
}

function isTracking(key: string, value: string): boolean {
  if (TRACKING.test(key)) return true;
  // Medium and friends: ?source=rss----<feed id>---<n>
  return key === 'source' && /^rss/i.test(value);
}
