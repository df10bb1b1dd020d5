/**
 * Where each published document lives, relative to the site's root: the `site` command writes
 * there and the feeds link there, so a feed's links and the site's files always agree.
 */

export const FEED_KINDS = ['digests', 'records', 'events'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];
export const FEED_FORMATS = ['atom', 'rss', 'json'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const HOME_PATH = 'index.html';
export const ARCHIVE_PATH = 'archive.html';

export function feedPath(kind: FeedKind, format: FeedFormat): string {
  return `feeds/${kind}.${format}`;
}

export function digestPath(week: string): string {
  return `digests/${week}.html`;
}

/** Signpost codes are `[a-z][a-z0-9_]*` (validated with the catalogue): safe as file names. */
export function signpostPath(code: string): string {
  return `signposts/${code}.html`;
}

/** The base URL with exactly one trailing slash, so `base + path` is always right. */
export function siteBase(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}

/**
 * A stable entry id (RFC 4151 tag URI): the site's host names the publisher, the date is
 * fixed, so an entry keeps its id for as long as the site keeps its host.
 */
export function tagUri(baseUrl: string, specific: string): string {
  return `tag:${new URL(baseUrl).hostname},2026:agi-tracker/${specific}`;
}
