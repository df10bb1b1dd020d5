/** The model shared by every layer. Storage rows live in src/db/schema.ts. */

export const SOURCE_KINDS = ['feed', 'arxiv', 'leaderboard', 'page'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
/** A peer-reviewed or benchmark, B official, C press, D rumour (README: evidence tiers). */
export const EVIDENCE_TIERS = ['A', 'B', 'C', 'D'] as const;
export type EvidenceTier = (typeof EVIDENCE_TIERS)[number];
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
  /** kind "leaderboard": how to read the table (a ZIP member, a generic adapter's column and signposts). */
  table?: TableOptions;
  /** Shown with the source: e.g. that a feed is an unofficial mirror. */
  note?: string;
  /** kind "page": CSS selectors that read a news index without a feed (README: page sources). */
  page?: PageSelectors;
}

/**
 * Where a page source finds its items: `item` selects each entry on the page, the others are
 * relative to it, each a CSS selector optionally ending in `@attribute` (e.g. `time@datetime`).
 */
export interface PageSelectors {
  item: string;
  title: string;
  link?: string;
  date?: string;
  summary?: string;
}

/** A leaderboard source's reading options, all optional (README: "Leaderboards"). */
export interface TableOptions {
  /** The file to read inside a ZIP body (the Epoch AI Benchmarking Hub publishes one). */
  member?: string;
  /** Generic adapters: the column holding the score. */
  scoreColumn?: string;
  /** Generic adapters: "fraction" scores (0–1) are read as percent; "percent" as they are. */
  scores?: 'fraction' | 'percent';
  /** Generic adapters: the signposts the best score feeds. */
  signposts?: string[];
  /** Generic adapters: the benchmark's name in event titles. */
  benchmark?: string;
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

/** One reading of a signpost, from an analysis or a leaderboard (stored, and read by reports). */
export interface Observation {
  signpost: string;
  /** null: the evidence bears on the signpost without stating a value. */
  value: number | null;
  /** YYYY-MM-DD */
  date: string;
  tier: EvidenceTier;
  eventId: number | null;
  title: string | null;
  url: string | null;
  sourceId: string;
  /** review: a reading a reviewer set (`review set`), which replaces the analysis's of that signpost. */
  origin: 'analysis' | 'leaderboard' | 'review';
  /** Who set it and why (origin review). */
  review?: { by: string; at: string; why: string | null };
  /**
   * Set only where asked for (`snapshot --explain`): a reading that no longer counts because a
   * reviewer rejected the event's analysis or retracted the event itself.
   */
  withdrawn?: { verdict: 'rejected' | 'retracted'; by: string; at: string; why: string | null };
}

/** One row of a leaderboard's results table, in the table's own scale. */
export interface LeaderboardRow {
  model: string;
  score: number;
  /** YYYY-MM-DD when the table dates its rows, else null (the fetch day is used). */
  date: string | null;
}

/** A leaderboard entry as stored from an earlier read of the same table. */
export interface StoredEntry {
  model: string;
  score: number;
}

/** USD per 1M tokens. */
export interface Price {
  input: number;
  cachedInput: number;
  output: number;
  /** OpenAI Batch API prices (half the live ones); without them, the live prices halved. */
  batch?: { input: number; cachedInput: number; output: number } | undefined;
}

/** Prices by model name: the shipped table (src/llm/pricing.json), and config overrides. */
export type PriceTable = Record<string, Price>;
