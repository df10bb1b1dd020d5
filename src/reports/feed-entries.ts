import { escapeHtml, safeHref } from '../core/escape.js';
import { plainLine } from '../core/plain-text.js';
import { withUnit } from '../core/wording.js';
import type { DigestDocument } from './digest.js';
import { digestHeadline } from './digest-headline.js';
import { digestBody, link } from './digest-html.js';
import { digestPath, type FeedKind, siteBase, tagUri } from './publish-paths.js';

/** A digest as stored (table `digests`): the feeds and the site read only these. */
export interface PublishedDigest {
  week: string;
  doc: DigestDocument;
  /** When it was computed (ISO): an entry's `updated`. */
  computedAt: string;
}

/** One feed entry, format-neutral: plain text except `contentHtml`, which is escaped HTML. */
export interface FeedEntry {
  id: string;
  title: string;
  link: string;
  updated: string;
  published: string | null;
  summary: string;
  contentHtml: string;
}

/** How many stored weeks a feed reads: about five months of digests. */
export const FEED_WEEKS = 20;

/** Records and events entries are capped: a year of digests could otherwise hold thousands. */
export const MAX_ENTRIES = 100;

/**
 * The entries of one kind of feed, newest first, built from stored digests only: every number
 * in them is the digest's own, never computed again.
 */
export function feedEntries(kind: FeedKind, digests: PublishedDigest[], baseUrl: string): FeedEntry[] {
  const base = siteBase(baseUrl);
  const page = (week: string) => `${base}${digestPath(week)}`;
  if (kind === 'digests')
    return digests.map(({ week, doc, computedAt }) => ({
      id: tagUri(base, `digest/${week}`),
      title: `AGI progress digest ${week}`,
      link: page(week),
      updated: computedAt,
      published: null,
      summary: digestHeadline(doc),
      contentHtml: digestBody(doc),
    }));
  const entries: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const { week, doc, computedAt } of digests) {
    const inDigest = `<p>In the digest of <a href="${escapeHtml(page(week))}">${escapeHtml(week)}</a>.</p>`;
    if (kind === 'records')
      for (const r of doc.records) {
        const id = tagUri(base, `record/${r.signpost}/${r.date}/${r.eventId ?? r.value}`);
        if (seen.has(id)) continue;
        seen.add(id);
        const previous = r.previous === null ? 'first reading' : `previous best ${withUnit(r.previous, r.unit)}`;
        const summary = `${r.name}: ${withUnit(r.value, r.unit)} (${previous}); tier ${r.tier}, ${r.date}.`;
        const evidence = r.title ? `<p>Evidence: ${link(r.title, r.url)}</p>` : '';
        entries.push({
          id,
          title: `${r.signpost}: ${withUnit(r.value, r.unit)}`,
          link: safeHref(r.url) ?? page(week),
          updated: computedAt,
          published: `${r.date}T00:00:00.000Z`,
          summary,
          contentHtml: `<p>${escapeHtml(summary)}</p>${evidence}${inDigest}`,
        });
      }
    else
      for (const ev of doc.topEvents.flatMap((g) => g.events)) {
        const id = tagUri(base, `event/${ev.id}`);
        if (seen.has(id)) continue;
        seen.add(id);
        const meta = `${ev.source}, ${ev.date}, tier ${ev.tier}, significance ${ev.significance}`;
        entries.push({
          id,
          title: ev.title,
          link: safeHref(ev.url) ?? page(week),
          updated: computedAt,
          published: `${ev.date}T00:00:00.000Z`,
          summary: ev.summary || meta,
          contentHtml: `<p>${escapeHtml(ev.summary)}</p><p>${escapeHtml(meta)}</p>${inDigest}`,
        });
      }
  }
  return entries
    .sort((a, b) => (b.published ?? '').localeCompare(a.published ?? '') || a.id.localeCompare(b.id))
    .slice(0, MAX_ENTRIES)
    .map((e) => ({ ...e, title: plainLine(e.title), summary: plainLine(e.summary) }));
}
