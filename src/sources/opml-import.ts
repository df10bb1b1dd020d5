import { EVIDENCE_TIERS, type EvidenceTier, type Source } from '../core/types.js';
import type { OpmlFeed } from './opml.js';

export interface ImportDefaults {
  /** --tier: wins over the file's own tier attribute. */
  tier?: EvidenceTier | undefined;
  /** --category: wins over the file's folders and category attributes. */
  category?: string | undefined;
}

export interface ImportPlan {
  added: Source[];
  skipped: { title: string; url: string; reason: string }[];
}

/** Imported feeds are press-grade until the user says otherwise: tier C never moves the index. */
export const DEFAULT_IMPORT_TIER: EvidenceTier = 'C';
const DEFAULT_CATEGORY = 'imported';
const MAX_ID = 60;

/**
 * Which of an OPML file's feeds become new sources beside `existing`: http(s) URLs only, none
 * already present (by URL, ignoring case of scheme and host and a trailing slash), ids made
 * from titles and unique (`-2`, `-3` …). arXiv API queries become `kind: "arxiv"`.
 */
export function planImport(existing: Source[], feeds: OpmlFeed[], defaults: ImportDefaults = {}): ImportPlan {
  const plan: ImportPlan = { added: [], skipped: [] };
  const ids = new Set(existing.map((s) => s.id));
  const urls = new Map(existing.map((s) => [urlKey(s.url), s.id]));
  for (const feed of feeds) {
    const skip = (reason: string) => plan.skipped.push({ title: feed.title, url: feed.xmlUrl, reason });
    const url = httpUrl(feed.xmlUrl);
    if (!url) {
      skip('not an http(s) URL');
      continue;
    }
    const same = urls.get(urlKey(url));
    if (same) {
      skip(`already a source (${same})`);
      continue;
    }
    const id = uniqueId(slug(feed.title) || slug(new URL(url).hostname) || 'feed', ids);
    const fileTier = EVIDENCE_TIERS.find((t) => t === feed.tier?.toUpperCase());
    const source: Source = {
      id,
      kind: /(^|\.)arxiv\.org\/api\//.test(url) ? 'arxiv' : 'feed',
      url,
      category: defaults.category ?? feed.category ?? DEFAULT_CATEGORY,
      tier: defaults.tier ?? fileTier ?? DEFAULT_IMPORT_TIER,
      enabled: feed.enabled !== false,
      ...(feed.description ? { note: feed.description } : {}),
    };
    ids.add(id);
    urls.set(urlKey(url), id);
    plan.added.push(source);
  }
  return plan;
}

function httpUrl(text: string): string | null {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && text.length <= 2048 ? u.toString() : null;
  } catch {
    return null;
  }
}

/** Two spellings of one feed URL: case of scheme and host (URL lowers them) and a trailing slash. */
function urlKey(url: string): string {
  try {
    return new URL(url).toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** A config id from a title: lower-case letters, digits and dashes ("OpenAI News" → "openai-news"). */
export function slug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID)
    .replace(/-+$/, '');
}

function uniqueId(base: string, taken: Set<string>): string {
  // "sample:" is reserved, and a slug never has a colon, so no slug can take it.
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
