import type { Database } from '../db/open-database.js';
import { storedDigests } from '../db/repos/digest-repo.js';
import type { DigestDocument } from './digest.js';
import type { PublishedDigest } from './feed-entries.js';

/** The stored digests (newest week first, at most `limit`), as the digest job computed them. */
export async function readPublishedDigests(db: Database, limit: number): Promise<PublishedDigest[]> {
  return (await storedDigests(db, limit)).map((row) => ({
    week: row.week,
    doc: JSON.parse(row.payload) as DigestDocument,
    computedAt: row.computed_at,
  }));
}
