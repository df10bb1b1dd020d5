import { plainDeep, plainText } from '../core/plain-text.js';
import type { Database } from '../db/database.js';
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
  const line = options.format === 'jsonl' ? jsonLine : (row: ExportRow) => formatRow(row, 'csv');
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

/** Each string made plain field by field (one pass, no deep walk of the whole record: export's hot path). */
export function exportRecord(r: ExportRow) {
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
  };
}

/** One line of the chosen format (without the newline). */
export function formatRow(r: ExportRow, format: ExportFormat): string {
  const rec = exportRecord(r);
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
  ]
    .map(csvField)
    .join(',');
}

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets never run feed text as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
