import { feedDocument } from './feed-document.js';
import { FEED_WEEKS, feedEntries } from './feed-entries.js';
import {
  ARCHIVE_PATH,
  digestPath,
  FEED_FORMATS,
  FEED_KINDS,
  feedPath,
  HOME_PATH,
  signpostPath,
} from './publish-paths.js';
import type { SiteData } from './site-data.js';
import { archivePage, digestPage, homePage } from './site-pages.js';
import { signpostPage } from './site-signpost-page.js';

/**
 * Every file of the site by its path relative to the root: pages, and the three feeds in
 * each format. A pure function of the data (and, for an empty feed's date, of `now`), so the
 * same database and clock always give the same bytes.
 */
export function siteFiles(data: SiteData, presetNames: string[], baseUrl: string, now: Date): Map<string, string> {
  const files = new Map<string, string>();
  files.set(HOME_PATH, homePage(data, presetNames));
  files.set(ARCHIVE_PATH, archivePage(data.digests));
  for (const d of data.digests) files.set(digestPath(d.week), digestPage(d));
  for (const s of data.signposts)
    files.set(signpostPath(s.signpost.code), signpostPage(s, data.snapshot?.date ?? null));
  const forFeeds = data.digests.slice(0, FEED_WEEKS);
  for (const kind of FEED_KINDS) {
    const entries = feedEntries(kind, forFeeds, baseUrl);
    for (const format of FEED_FORMATS)
      files.set(feedPath(kind, format), feedDocument(kind, format, entries, baseUrl, now));
  }
  return files;
}
