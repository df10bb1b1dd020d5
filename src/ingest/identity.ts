import type { NormalizedItem, RawItem } from '../core/types.js';

/**
 * Index pages in real feeds: several items share one link but differ in guid and title
 * (release notes, changelogs). For those the identity is the link plus the guid, so one
 * does not hide the others; items that share link and guid stay duplicates.
 */
export function applySharedLinkIdentity(pairs: { raw: RawItem; item: NormalizedItem }[]): void {
  const byUrl = new Map<string, { raw: RawItem; item: NormalizedItem }[]>();
  for (const pair of pairs) {
    const group = byUrl.get(pair.item.canonicalUrl);
    if (group) group.push(pair);
    else byUrl.set(pair.item.canonicalUrl, [pair]);
  }
  for (const group of byUrl.values()) {
    if (group.length < 2) continue;
    const guids = new Set(group.map((p) => p.raw.guid?.trim()).filter(Boolean));
    const titles = new Set(group.map((p) => p.item.title));
    if (guids.size < 2 || titles.size < 2) continue;
    for (const { raw, item } of group) {
      const guid = raw.guid?.trim();
      if (guid) item.canonicalUrl = `${item.canonicalUrl}#guid=${encodeURIComponent(guid)}`;
    }
  }
}

/** The newest `limit` items: by date where items have one, else in feed order (stable). */
export function newest<T extends { item: NormalizedItem }>(pairs: T[], limit: number): T[] {
  const dated = pairs.map((p, i) => ({
    p,
    i,
    t: p.item.publishedAt ? Date.parse(p.item.publishedAt) : Number.NEGATIVE_INFINITY,
  }));
  dated.sort((a, b) => (b.t === a.t ? a.i - b.i : b.t - a.t));
  return dated.slice(0, limit).map((d) => d.p);
}
