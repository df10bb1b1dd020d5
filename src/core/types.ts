/** The model shared by every layer. Storage rows live in src/db/schema.ts. */

export type SourceKind = 'feed' | 'arxiv' | 'leaderboard';
export type EvidenceTier = 'A' | 'B' | 'C' | 'D';
export type EventKind = 'paper' | 'post' | 'news' | 'leaderboard';

export interface Source {
  id: string;
  kind: SourceKind;
  url: string;
  category: string;
  tier: EvidenceTier;
  enabled: boolean;
  /** kind "leaderboard": which adapter reads the table (src/sources/leaderboards/). */
  adapter?: string;
}

/** One entry as a parser read it: untrusted, unnormalised. */
export interface RawItem {
  title?: string | undefined;
  link?: string | undefined;
  guid?: string | undefined;
  summary?: string | undefined;
  authors?: string[] | undefined;
  published?: string | undefined;
  /** arXiv id without version, when the source knows it. */
  externalId?: string | undefined;
  primaryCategory?: string | undefined;
  pdfUrl?: string | undefined;
}

/** An item ready to store: plain text, canonical URL, content hash. */
export interface NormalizedItem {
  kind: EventKind;
  title: string;
  url: string;
  canonicalUrl: string;
  contentHash: string;
  summary: string;
  authors: string[];
  externalId: string | null;
  primaryCategory: string | null;
  pdfUrl: string | null;
  publishedAt: string | null;
}

export type SourceStatus = 'ok' | 'not-modified' | 'failed' | 'paused';

export interface SourceReport {
  id: string;
  status: SourceStatus;
  fetched: number;
  new: number;
  duplicates: number;
  /** Items dropped for having no usable link: counted, so a feed of only such items is visible. */
  skipped: number;
  error: string | null;
  ms: number;
}

export interface FetchReport {
  sources: SourceReport[];
  totals: { fetched: number; new: number; duplicates: number; skipped: number; failed: number };
}
