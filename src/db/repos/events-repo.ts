import { type Insertable, type QueryResult, type Selectable, sql } from 'kysely';
import type { NormalizedItem } from '../../core/types.js';
import type { Database, Executor } from '../database.js';
import { preparedQuery } from '../prepared-query.js';
import type { EventsTable } from '../schema.js';

export type EventRow = Selectable<EventsTable>;

export interface InsertResult {
  new: number;
  duplicates: number;
}

type EventValues = {
  sourceId: string;
  kind: string;
  title: string;
  url: string;
  canonicalUrl: string;
  contentHash: string;
  summary: string;
  authors: string;
  externalId: string | null;
  primaryCategory: string | null;
  pdfUrl: string | null;
  publishedAt: string | null;
  fetchedAt: string;
};

const EVENT_COLUMNS = [
  'source_id',
  'kind',
  'title',
  'url',
  'canonical_url',
  'content_hash',
  'summary',
  'authors',
  'external_id',
  'primary_category',
  'pdf_url',
  'published_at',
  'fetched_at',
] as const satisfies readonly (keyof EventsTable)[];

// The hot path of `fetch` on SQLite: several rows per statement, each size compiled once. The
// UNIQUE indexes on canonical_url and content_hash make a second copy impossible (ON CONFLICT DO
// NOTHING, row by row, so a row repeated within a statement is stored once). Several rows a
// statement because the full-text trigger (migration 0013) costs far more per statement than per
// row (FTS5 writes out its pending terms at each statement's savepoint): measured, one row a
// statement cost ~95 µs of CPU a row and 100 rows a statement ~55 µs (bench/README.md). 500 items
// go in 5 statements; what is left over in at most 9 + 9 more. Tombstoned items are filtered out
// before (withoutTombstoned), only when the database holds tombstones: most hold none (only
// cleanup writes them), and then the lookup is work for nothing.
const CHUNK_SIZES = [100, 10, 1] as const;
type InsertRows = (db: Executor, values: Record<string, unknown>) => Promise<QueryResult<unknown>>;
const insertEventRows = new Map(
  CHUNK_SIZES.map((n) => [
    n,
    // The placeholders are positions in one flat array of n × 13 values, row after row.
    preparedQuery((p: Record<string, unknown>, db) =>
      db
        .insertInto('events')
        .values(
          Array.from({ length: n }, (_, row) =>
            Object.fromEntries(EVENT_COLUMNS.map((c, i) => [c, p[row * EVENT_COLUMNS.length + i]])),
          ) as Insertable<EventsTable>[],
        )
        .onConflict((oc) => oc.doNothing()),
    ),
  ]),
);

const anyTombstone = preparedQuery((_: Record<string, never>, db) =>
  db
    .selectFrom('tombstones')
    .select(sql`1`.as('one'))
    .limit(1),
);

/**
 * The rows no tombstone names (by canonical URL or content hash): tombstoned items never come
 * back. One set-wise lookup per BATCH_ROWS rows through both tombstone indexes, not a probe per row.
 */
async function withoutTombstoned(trx: Executor, rows: EventValues[]): Promise<EventValues[]> {
  const urls = new Set<string>();
  const hashes = new Set<string>();
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const chunk = rows.slice(i, i + BATCH_ROWS);
    const dead = await trx
      .selectFrom('tombstones')
      .select(['canonical_url', 'content_hash'])
      .where((eb) =>
        eb.or([
          eb(
            'canonical_url',
            'in',
            chunk.map((r) => r.canonicalUrl),
          ),
          eb(
            'content_hash',
            'in',
            chunk.map((r) => r.contentHash),
          ),
        ]),
      )
      .execute();
    for (const d of dead) {
      urls.add(d.canonical_url);
      hashes.add(d.content_hash);
    }
  }
  if (urls.size === 0) return rows;
  return rows.filter((r) => !urls.has(r.canonicalUrl) && !hashes.has(r.contentHash));
}

/**
 * Whether any tombstone exists, read once per write transaction: inside it no tombstone can
 * appear (a writer holds the database), so the answer holds for every insert it makes.
 */
export async function hasTombstones(trx: Executor): Promise<boolean> {
  return (await anyTombstone(trx, {})).rows.length > 0;
}

/**
 * Stores one source's items on an open transaction; how many were new. `tombstones`: whether
 * the database holds any (hasTombstones, asked on the same transaction); asked here if not given.
 */
export async function insertItems(
  trx: Executor,
  sourceId: string,
  items: NormalizedItem[],
  fetchedAt: string,
  options: { batched?: boolean; tombstones?: boolean } = {},
): Promise<InsertResult> {
  const rows = items.map((it) => eventValues(sourceId, it, fetchedAt));
  const tombstones = options.tombstones ?? (await hasTombstones(trx));
  let added = 0;
  if (options.batched) {
    for (let i = 0; i < rows.length; i += BATCH_ROWS) {
      added += await insertMany(trx, rows.slice(i, i + BATCH_ROWS), tombstones);
    }
  } else {
    const kept = tombstones ? await withoutTombstoned(trx, rows) : rows;
    let at = 0;
    for (const n of CHUNK_SIZES) {
      const insert = insertEventRows.get(n) as InsertRows;
      for (; kept.length - at >= n; at += n) {
        const values = kept.slice(at, at + n).flatMap(rowParameters);
        added += Number((await insert(trx, values as unknown as Record<string, unknown>)).numAffectedRows ?? 0);
      }
    }
  }
  return { new: added, duplicates: items.length - added };
}

/** A row's values in the order of EVENT_COLUMNS. */
function rowParameters(r: EventValues): (string | null)[] {
  return [
    r.sourceId,
    r.kind,
    r.title,
    r.url,
    r.canonicalUrl,
    r.contentHash,
    r.summary,
    r.authors,
    r.externalId,
    r.primaryCategory,
    r.pdfUrl,
    r.publishedAt,
    r.fetchedAt,
  ];
}

function eventValues(sourceId: string, it: NormalizedItem, fetchedAt: string): EventValues {
  return {
    sourceId,
    kind: it.kind,
    title: it.title,
    url: it.url,
    canonicalUrl: it.canonicalUrl,
    contentHash: it.contentHash,
    summary: it.summary,
    authors: JSON.stringify(it.authors),
    externalId: it.externalId,
    primaryCategory: it.primaryCategory,
    pdfUrl: it.pdfUrl,
    publishedAt: it.publishedAt,
    fetchedAt,
  };
}

/** Rows per multi-row insert: 13 parameters each, far below PostgreSQL's 65,535. */
const BATCH_ROWS = 500;

/**
 * Many rows in one statement, for a database across a network (PostgreSQL), where a round
 * trip per row would cost more than the insert: the same identity rules as the SQLite path (the
 * UNIQUE indexes, tombstones), rows repeated within the batch stored once. VALUES with column
 * names is PostgreSQL's syntax, which Kysely's builder has no method for.
 */
async function insertMany(trx: Executor, rows: EventValues[], tombstones: boolean): Promise<number> {
  const tuples = rows.map((r) => sql`(${sql.join(rowParameters(r))})`);
  const v = sql<Record<(typeof EVENT_COLUMNS)[number], string | null>>`(values ${sql.join(tuples)})`.as<'v'>(
    sql`v(${sql.join(EVENT_COLUMNS.map((c) => sql.ref(c)))})`,
  );
  const result = await trx
    .insertInto('events')
    .columns(EVENT_COLUMNS)
    .expression(
      trx
        .selectFrom(v)
        .select(EVENT_COLUMNS.map((c) => `v.${c}` as const))
        .$if(tombstones, (q) =>
          q.where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('tombstones as t')
                  .select(sql`1`.as('one'))
                  .where((t) =>
                    t.or([
                      t('t.canonical_url', '=', t.ref('v.canonical_url')),
                      t('t.content_hash', '=', t.ref('v.content_hash')),
                    ]),
                  ),
              ),
            ),
          ),
        ),
    )
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Stores several sources' items in one transaction (each source wholly inside it). */
export function insertBatch(
  handle: Database,
  batch: { sourceId: string; items: NormalizedItem[]; fetchedAt: string }[],
): Promise<InsertResult[]> {
  return handle.writeTransaction(async (trx) => {
    const out: InsertResult[] = [];
    const tombstones = await hasTombstones(trx);
    for (const { sourceId, items, fetchedAt } of batch) {
      out.push(await insertItems(trx, sourceId, items, fetchedAt, { batched: handle.remote, tombstones }));
    }
    return out;
  });
}

const urlStored = preparedQuery((p: { url: string }, db) =>
  db.selectFrom('events').select('id').where('canonical_url', '=', p.url).limit(1),
);

/** Which of these canonical URLs are already stored (arXiv paging stops at known papers). */
export async function storedUrls(handle: Database, canonicalUrls: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const url of canonicalUrls) if ((await urlStored(handle.db, { url })).rows.length > 0) found.add(url);
  return found;
}

export interface ListFilter {
  sinceIso?: string | undefined;
  sourceId?: string | undefined;
  limit: number;
}

const SEEN = sql<string>`coalesce(published_at, fetched_at)`;

export function listEvents(handle: Database, filter: ListFilter): Promise<EventRow[]> {
  return handle.db
    .selectFrom('events')
    .selectAll()
    .$if(filter.sinceIso !== undefined, (q) => q.where(SEEN, '>=', filter.sinceIso ?? ''))
    .$if(filter.sourceId !== undefined, (q) => q.where('source_id', '=', filter.sourceId ?? ''))
    .orderBy(SEEN, 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}

export function getEvent(handle: Database, id: number): Promise<EventRow | undefined> {
  return handle.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Groups of event ids sharing a value of `column`: empty unless the database was edited by
 * hand. While the UNIQUE index on the column is in place no two rows can share a value, so
 * the answer needs no scan; without it (dropped by hand) every row is grouped.
 */
export async function exactDuplicateGroups(
  handle: Database,
  column: 'canonical_url' | 'content_hash',
): Promise<number[][]> {
  if (await handle.hasUniqueIndex('events', column)) return [];
  const shared = handle.db
    .selectFrom('events')
    .select(column)
    .groupBy(column)
    .having((eb) => eb.fn.countAll(), '>', 1);
  const rows = await handle.db
    .selectFrom('events')
    .select(['id', column])
    .where(column, 'in', shared)
    .orderBy(column)
    .orderBy('id')
    .execute();
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const key = r[column];
    const group = groups.get(key);
    if (group) group.push(r.id);
    else groups.set(key, [r.id]);
  }
  return [...groups.values()].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

export interface TitleRow {
  id: number;
  title: string;
  source_id: string;
}

/**
 * Titles of the events seen since `sinceIso`, by id. Read in the order of the events_seen_at
 * index and sorted here: asked for `order by id`, SQLite walks the whole table by rowid
 * instead of the index (0.4 s at a million events, for a window of 40,000).
 */
export async function titlesSince(handle: Database, sinceIso: string): Promise<TitleRow[]> {
  const rows = await handle.db
    .selectFrom('events')
    .select(['id', 'title', 'source_id'])
    .where(SEEN, '>=', sinceIso)
    .orderBy(SEEN)
    .orderBy('id')
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}
