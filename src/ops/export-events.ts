import { plainDeep, plainText } from '../core/plain-text.js';
import type { Database } from '../db/database.js';
import type { ReviewState } from '../core/review.js';
import { reviewStates } from '../db/repos/reviews-repo.js';
import type { EventRow } from '../db/repos/events-repo.js';
import { type ExportRow, iterateExport } from '../db/repos/export-repo.js';
import { jsonLineFormatter } from './export-json-line.js';

export type ExportFormat = 'jsonl' | 'csv';

export const CSV_COLUMNS = [
  'id',
  'source',
  'kind',
  'title',
  'url',
  'canonicalUrl',
  'contentHash',
  'publishedAt',
  'fetchedAt',
  'authors',
  'externalId',
  'summary',
  'analysisProvider',
  'analysisModel',
  'significance',
  'tier',
  'categories',
  'signposts',
  'analysisSummary',
  'rationale',
  'reviewVerdict',
  'reviewReadings',
  'reviewedBy',
  'reviewedAt',
  'reviewWhy',
] as const;

/** Output gathered before one write: few large writes (not one per row), and memory stays flat. */
const CHUNK_CHARS = 1 << 20;

/**
 * Every event (oldest first, or those seen since `sinceIso`) with its current analysis, in
 * `format`, handed to `write` in chunks of about 1 MB: rows come one at a time from the
 * statement iterator, so an export of millions never sits in memory. A `write` that throws
 * (the reader went away) ends the export and frees the statement. Returns the rows written.
 */
export async function exportEvents(
  handle: Database,
  options: { format: ExportFormat; sinceIso: string | null },
  write: (text: string) => Promise<void>,
): Promise<number> {
  let chunk = options.format === 'csv' ? `${CSV_COLUMNS.join(',')}\n` : '';
  const jsonLine = jsonLineFormatter();
  // Review decisions are few (human ones): read once, joined to the stream here.
  const reviews = await reviewStates(handle);
  const line =
    options.format === 'jsonl'
      ? (row: ExportRow) => withReview(jsonLine(row), reviews.get(Number(row.id)))
      : (row: ExportRow) => formatRow(row, 'csv', reviews.get(Number(row.id)));
  let rows = 0;
  for await (const row of iterateExport(handle, options.sinceIso)) {
    chunk += `${line(row)}\n`;
    rows++;
    if (chunk.length >= CHUNK_CHARS) {
      await write(chunk);
      chunk = '';
    }
  }
  if (chunk) await write(chunk);
  return rows;
}

/** A JSON line of exportRecord's shape, its last key (`review`) added to the line built from the row. */
export function withReview(json: string, review: ReviewState | undefined): string {
  return `${json.slice(0, -1)},"review":${JSON.stringify(reviewJson(review))}}`;
}

const plain = (text: string | null): string | null => (text === null ? null : plainText(text));

/** A JSON array column (authors, categories, signposts), every string in it plain text. */
function jsonList(text: string | null): unknown[] {
  return !text || text === '[]' ? [] : plainDeep(JSON.parse(text) as unknown[]);
}

/**
 * An event as every output shows it (events list/show, export): camelCase keys, and every
 * string plain text — a database written by an older version may hold control characters.
 */
export function eventJson(r: EventRow) {
  return {
    id: r.id,
    source: plainText(r.source_id),
    kind: plainText(r.kind),
    title: plainText(r.title),
    url: plainText(r.url),
    canonicalUrl: plainText(r.canonical_url),
    contentHash: plainText(r.content_hash),
    summary: plainText(r.summary),
    authors: jsonList(r.authors) as string[],
    externalId: plain(r.external_id),
    primaryCategory: plain(r.primary_category),
    pdfUrl: plain(r.pdf_url),
    publishedAt: plain(r.published_at),
    fetchedAt: plainText(r.fetched_at),
  };
}

/**
 * Where a human left the event, as exported: the verdict in force (approve, reject, retract;
 * null when only readings were set) and the readings set, each with who, when and why.
 */
export function reviewJson(state: ReviewState | undefined) {
  if (!state) return null;
  const v = state.verdict;
  return plainDeep({
    verdict: v ? { action: v.action, by: v.by, at: v.at, why: v.reason } : null,
    readings: state.corrections.map((c) => ({ code: c.signpost, value: c.value, by: c.by, at: c.at, why: c.reason })),
  });
}

/** Each string made plain field by field (one pass, no deep walk of the whole record: export's hot path). */
export function exportRecord(r: ExportRow, review?: ReviewState) {
  return {
    ...eventJson(r),
    analysis: r.a_provider
      ? {
          provider: plainText(r.a_provider),
          model: plain(r.a_model),
          significance: r.a_significance,
          tier: plain(r.a_tier),
          categories: jsonList(r.a_categories) as string[],
          signposts: jsonList(r.a_signposts),
          summary: plain(r.a_summary),
          rationale: plain(r.a_rationale),
        }
      : null,
    review: reviewJson(review),
  };
}

/** One line of the chosen format (without the newline). */
export function formatRow(r: ExportRow, format: ExportFormat, review?: ReviewState): string {
  const rec = exportRecord(r, review);
  if (format === 'jsonl') return JSON.stringify(rec);
  const a = rec.analysis;
  return [
    rec.id,
    rec.source,
    rec.kind,
    rec.title,
    rec.url,
    rec.canonicalUrl,
    rec.contentHash,
    rec.publishedAt,
    rec.fetchedAt,
    rec.authors.join('; '),
    rec.externalId,
    rec.summary,
    a?.provider,
    a?.model,
    a?.significance,
    a?.tier,
    a?.categories.join(' '),
    a ? JSON.stringify(a.signposts) : null,
    a?.summary,
    a?.rationale,
    ...reviewFields(rec.review),
  ]
    .map(csvField)
    .join(',');
}

/** The CSV columns of a review: the newest decision (verdict, else the last reading set) says who, when and why. */
function reviewFields(review: ReturnType<typeof reviewJson>): unknown[] {
  if (!review) return [null, null, null, null, null];
  const last =
    review.verdict ??
    review.readings.reduce<(typeof review.readings)[number] | null>(
      (a, b) => (a === null || b.at > a.at ? b : a),
      null,
    );
  const readings = review.readings.map((c) => (c.value === null ? c.code : `${c.code}=${c.value}`)).join(' ');
  return [review.verdict?.action ?? null, readings || null, last?.by, last?.at, last?.why];
}

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets never run feed text as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
