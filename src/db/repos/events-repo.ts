import type { NormalizedItem } from '../../core/types.js';
import type { Database } from '../open-database.js';
import type { Selectable } from 'kysely';
import type { EventsTable } from '../schema.js';

export type EventRow = Selectable<EventsTable>;

export interface InsertResult {
  new: number;
  duplicates: number;
}

const INSERT = `insert or ignore into events (source_id, kind, title, url, canonical_url, content_hash,
       summary, authors, external_id, primary_category, pdf_url, published_at, fetched_at)
     select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
     where not exists (select 1 from tombstones where canonical_url = ? or content_hash = ?)`;

/**
 * Stores several sources' items in one transaction (each source wholly inside it). The
 * UNIQUE indexes on canonical_url and content_hash make a second copy impossible;
 * tombstoned items never come back. One prepared statement, not the query builder: this
 * is the hot path of `fetch`.
 */
export function insertBatch(
  handle: Database,
  batch: { sourceId: string; items: NormalizedItem[]; fetchedAt: string }[],
): InsertResult[] {
  const insert = handle.prepare(INSERT);
  return handle.raw.transaction(() =>
    batch.map(({ sourceId, items, fetchedAt }) => {
      let added = 0;
      for (const it of items) {
        added += insert.run(
          sourceId,
          it.kind,
          it.title,
          it.url,
          it.canonicalUrl,
          it.contentHash,
          it.summary,
          JSON.stringify(it.authors),
          it.externalId,
          it.primaryCategory,
          it.pdfUrl,
          it.publishedAt,
          fetchedAt,
          it.canonicalUrl,
          it.contentHash,
        ).changes;
      }
      return { new: added, duplicates: items.length - added };
    }),
  )();
}

/** Which of these canonical URLs are already stored (arXiv paging stops at known papers). */
export function storedUrls(handle: Database, canonicalUrls: string[]): Set<string> {
  const found = new Set<string>();
  const stmt = handle.prepare('select 1 from events where canonical_url = ?').pluck();
  for (const url of canonicalUrls) if (stmt.get(url)) found.add(url);
  return found;
}

export interface ListFilter {
  sinceIso?: string | undefined;
  sourceId?: string | undefined;
  limit: number;
}

// Plain SQL, not the query builder: `events list` and `events show` start fast.
export async function listEvents(handle: Database, filter: ListFilter): Promise<EventRow[]> {
  return handle
    .prepare(
      `select * from events
       where (@since is null or coalesce(published_at, fetched_at) >= @since)
         and (@source is null or source_id = @source)
       order by coalesce(published_at, fetched_at) desc, id desc
       limit @limit`,
    )
    .all({ since: filter.sinceIso ?? null, source: filter.sourceId ?? null, limit: filter.limit }) as EventRow[];
}

export async function getEvent(handle: Database, id: number): Promise<EventRow | undefined> {
  return handle.prepare('select * from events where id = ?').get(id) as EventRow | undefined;
}

/**
 * Groups of event ids sharing a value of `column`: empty unless the database was edited by
 * hand. While the UNIQUE index on the column is in place no two rows can share a value, so
 * the answer needs no scan; without it (dropped by hand) every row is grouped.
 */
export function exactDuplicateGroups(
  handle: Database,
  column: 'canonical_url' | 'content_hash',
): number[][] {
  if (hasUniqueIndex(handle, column)) return [];
  const rows = handle
    .prepare(
      `select group_concat(id) as ids from events where ${column} in
         (select ${column} from events group by ${column} having count(*) > 1)
       group by ${column} order by min(id)`,
    )
    .all() as { ids: string }[];
  return rows.map((r) =>
    r.ids
      .split(',')
      .map(Number)
      .sort((a, b) => a - b),
  );
}

function hasUniqueIndex(handle: Database, column: string): boolean {
  const indexes = handle.prepare("select name, \"unique\" as isUnique, partial from pragma_index_list('events')").all() as {
    name: string;
    isUnique: number;
    partial: number;
  }[];
  return indexes.some((ix) => {
    if (!ix.isUnique || ix.partial) return false;
    const cols = handle.prepare('select name from pragma_index_info(?)').pluck().all(ix.name);
    return cols.length === 1 && cols[0] === column;
  });
}

export interface TitleRow {
  id: number;
  title: string;
  source_id: string;
}

export function titlesSince(handle: Database, sinceIso: string): TitleRow[] {
  return handle
    .prepare(
      `select id, title, source_id from events
       where coalesce(published_at, fetched_at) >= ? order by id`,
    )
    .all(sinceIso) as TitleRow[];
}
