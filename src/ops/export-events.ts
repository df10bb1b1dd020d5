import { plainDeep } from '../core/plain-text.js';
import type { ReviewState } from '../core/review.js';
import type { EventRow } from '../db/repos/events-repo.js';
import type { ExportRow } from '../db/repos/export-repo.js';

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

/**
 * An event as every output shows it (events list/show, export): camelCase keys, and every
 * string plain text — a database written by an older version may hold control characters.
 */
export function eventJson(r: EventRow) {
  return plainDeep({
    id: r.id,
    source: r.source_id,
    kind: r.kind,
    title: r.title,
    url: r.url,
    canonicalUrl: r.canonical_url,
    contentHash: r.content_hash,
    summary: r.summary,
    authors: JSON.parse(r.authors) as string[],
    externalId: r.external_id,
    primaryCategory: r.primary_category,
    pdfUrl: r.pdf_url,
    publishedAt: r.published_at,
    fetchedAt: r.fetched_at,
  });
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

export function exportRecord(r: ExportRow, review?: ReviewState) {
  return plainDeep({
    ...eventJson(r),
    analysis: r.a_provider
      ? {
          provider: r.a_provider,
          model: r.a_model,
          significance: r.a_significance,
          tier: r.a_tier,
          categories: JSON.parse(r.a_categories ?? '[]') as string[],
          signposts: JSON.parse(r.a_signposts ?? '[]') as unknown[],
          summary: r.a_summary,
          rationale: r.a_rationale,
        }
      : null,
    review: reviewJson(review),
  });
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
