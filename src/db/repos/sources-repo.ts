import { type Selectable, sql } from 'kysely';
import type { Source } from '../../core/types.js';
import type { Database } from '../open-database.js';
import type { SourcesTable } from '../schema.js';

export type SourceHealth = Selectable<SourcesTable>;
export type HealthPatch = Partial<Omit<SourceHealth, 'id' | 'kind' | 'url' | 'category' | 'tier' | 'first_success_at'>>;

/** Makes sure every effective source has a row; keeps its health, updates its description. */
export function syncSources(handle: Database, sources: Source[]): void {
  const upsert = handle.prepare(
    `insert into sources (id, kind, url, category, tier) values (?, ?, ?, ?, ?)
     on conflict(id) do update set kind = excluded.kind, url = excluded.url,
       category = excluded.category, tier = excluded.tier`,
  );
  handle.raw.transaction(() => {
    for (const s of sources) upsert.run(s.id, s.kind, s.url, s.category, s.tier);
  })();
}

export async function getHealth(handle: Database, id: string): Promise<SourceHealth | undefined> {
  return handle.db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Plain SQL: `sources list` and `status` start without the query builder. */
export function listHealth(handle: Database): SourceHealth[] {
  return handle.prepare('select * from sources order by id').all() as SourceHealth[];
}

/** Source rows with at least one stored event (one indexed probe per source row). */
export function sourcesHoldingEvents(handle: Database): SourceHealth[] {
  return handle
    .prepare('select * from sources s where exists (select 1 from events e where e.source_id = s.id) order by id')
    .all() as SourceHealth[];
}

export async function updateHealth(
  handle: Database,
  id: string,
  patch: HealthPatch,
): Promise<void> {
  const db = handle.db;
  // The first success is kept for good: it dates the silence of a source that never brings news.
  const first = patch.last_success_at ? { first_success_at: sql<string>`coalesce(first_success_at, ${patch.last_success_at})` } : {};
  await db.updateTable('sources').set({ ...patch, ...first }).where('id', '=', id).execute();
}

/** Clears failures, errors and pauses of one source (or all when id is null); returns how many. */
export function resetHealth(handle: Database, id: string | null): number {
  return handle
    .prepare(
      `update sources set consecutive_failures = 0, last_error = null, disabled_until = null, pause_ms = 0
       where (? is null or id = ?)`,
    )
    .run(id, id).changes;
}
