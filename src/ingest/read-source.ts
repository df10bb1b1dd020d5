import type { Signpost } from '../signposts/catalogue.js';
import type { NormalizedItem, Source } from '../core/types.js';
import type { HttpClient, Validators } from '../http/http-client.js';
import { arxivPageSize, arxivPageUrl, parseArxivPage } from '../sources/arxiv.js';
import { decodeFeed } from '../sources/decode.js';
import { readSample, sampleFile } from '../sources/samples.js';
import { type LeaderboardTable, readLeaderboardTable } from '../sources/leaderboards/read-table.js';
import { newest } from './identity.js';
import { type Pair, type ParsedItems, type ParseJob, parseFeedBody, toPairs } from './parse-body.js';

export type SourceRead =
  | { status: 'not-modified' }
  | {
      status: 'ok';
      items: NormalizedItem[];
      fetched: number;
      /** Items dropped for having no usable link. */
      skipped: number;
      etag: string | null;
      lastModified: string | null;
      /** kind "leaderboard": the table read (items stay empty; changes are found on storing). */
      table?: LeaderboardTable;
    };

export interface ReadOptions {
  http: HttpClient | null;
  validators: Validators;
  limit: number;
  signal?: AbortSignal | undefined;
  /** Which canonical URLs are stored already (arXiv paging stops at them). */
  isStored: (canonicalUrls: string[]) => Promise<Set<string>>;
  /** Where feed bodies are parsed: a worker pool during fetch, else this thread. */
  parse?: (job: ParseJob) => Promise<ParsedItems>;
  /** The effective catalogue: leaderboard scores are checked against their signposts' units. */
  signposts: Signpost[];
  /** The time of this fetch: item dates later than a day after it are clamped to it. */
  now: Date;
}

/** Fetches and parses one source into normalised items (no storage). Throws on failure. */
export async function readSource(source: Source, options: ReadOptions): Promise<SourceRead> {
  const sample = sampleFile(source.id);
  if (sample && source.kind === 'leaderboard') {
    const bytes = await readSample(sample, options.now);
    const table = await readLeaderboardTable(source, { bytes, contentType: null, now: options.now }, options.signposts);
    return { status: 'ok', items: [], ...tableCounts(table), etag: null, lastModified: null, table };
  }
  const fetchedAt = options.now.toISOString();
  if (sample && source.kind === 'arxiv') {
    const raws = (await parseArxivPage(decodeFeed(await readSample(sample, options.now)))).items;
    return finish(toPairs(raws, source, source.url, fetchedAt), raws.length, options.limit);
  }
  if (sample) {
    // The same path as a network body, so xml:base and everything else apply alike.
    const parsed = await parseFeedBody({
      source: { kind: source.kind, category: source.category },
      body: await readSample(sample, options.now),
      contentType: null,
      finalUrl: source.url,
      limit: options.limit,
      fetchedAt,
    });
    return { status: 'ok', ...parsed, etag: null, lastModified: null };
  }
  if (!options.http) throw new Error('no HTTP client: fetch --offline reads only sample:* sources');
  if (source.kind === 'arxiv') return readArxiv(source, options, options.http);
  if (source.kind === 'leaderboard') {
    const res = await options.http.fetch(source.url, options.validators, options.signal);
    if (res.status === 'not-modified') return res;
    const input = { bytes: res.body, contentType: res.contentType, now: options.now };
    const table = await readLeaderboardTable(source, input, options.signposts);
    return {
      status: 'ok',
      items: [],
      ...tableCounts(table),
      etag: res.etag,
      lastModified: res.lastModified,
      table,
    };
  }

  const res = await options.http.fetch(source.url, options.validators, options.signal);
  if (res.status === 'not-modified') return res;
  const parse = options.parse ?? parseFeedBody;
  const parsed = await parse({
    source: { kind: source.kind, category: source.category, ...(source.page ? { page: source.page } : {}) },
    body: res.body,
    contentType: res.contentType,
    finalUrl: res.finalUrl,
    limit: options.limit,
    fetchedAt,
  });
  return { status: 'ok', ...parsed, etag: res.etag, lastModified: res.lastModified };
}

/** A table's rows, as a feed's items: all it held, and those skipped (no score, a projection …). */
function tableCounts(table: LeaderboardTable): { fetched: number; skipped: number } {
  return { fetched: table.rows.length + table.skipped.length, skipped: table.skipped.length };
}

/** Pages back through the API, newest first, until a stored paper or the limit. */
async function readArxiv(source: Source, options: ReadOptions, http: HttpClient): Promise<SourceRead> {
  const pageSize = Math.min(arxivPageSize(source.url), options.limit);
  const fetchedAt = options.now.toISOString();
  const collected: Pair[] = [];
  let fetched = 0;
  let skipped = 0;
  for (let start = 0; collected.length < options.limit; start += pageSize) {
    const res = await http.fetch(arxivPageUrl(source.url, start, pageSize), {}, options.signal);
    if (res.status === 'not-modified') break;
    const page = await parseArxivPage(decodeFeed(res.body, res.contentType));
    fetched += page.items.length;
    const pairs = toPairs(page.items, source, res.finalUrl, fetchedAt);
    skipped += page.items.length - pairs.length;
    const stored = await options.isStored(pairs.map((p) => p.item.canonicalUrl));
    const fresh = pairs.filter((p) => !stored.has(p.item.canonicalUrl));
    collected.push(...fresh);
    const metStored = fresh.length < pairs.length;
    const lastPage =
      page.items.length < pageSize || (page.totalResults !== null && start + pageSize >= page.totalResults);
    if (metStored || lastPage) break;
  }
  return { ...finish(collected, fetched, options.limit), skipped };
}

/** The newest `limit` of the usable items; `read` items were read, the rest were skipped. */
function finish(pairs: Pair[], read: number, limit: number): SourceRead & { status: 'ok' } {
  return {
    status: 'ok',
    items: newest(pairs, limit).map((p) => p.item),
    fetched: read,
    skipped: read - pairs.length,
    etag: null,
    lastModified: null,
  };
}
