import { feedDocument } from '../reports/feed-document.js';
import { FEED_WEEKS, feedEntries } from '../reports/feed-entries.js';
import type { FeedFormat, FeedKind } from '../reports/publish-paths.js';
import { readPublishedDigests } from '../reports/published-digests.js';
import type { JobContext } from './job-context.js';

export interface FeedResult {
  document: string;
  entries: number;
}

/** A feed of the stored digests, their records or their top events. Read-only: no lock, no job run. */
export async function feedJob(ctx: JobContext, kind: FeedKind, format: FeedFormat): Promise<FeedResult> {
  const db = await ctx.openDb({ mustExist: true });
  try {
    const baseUrl = ctx.config.publish.baseUrl;
    const entries = feedEntries(kind, await readPublishedDigests(db, FEED_WEEKS), baseUrl);
    return { document: feedDocument(kind, format, entries, baseUrl, ctx.clock()), entries: entries.length };
  } finally {
    await db.close();
  }
}
