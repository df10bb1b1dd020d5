import { type Selectable, sql } from 'kysely';
import type { Source } from '../../core/types.js';
import type { Database } from '../database.js';
import type { SourcesTable } from '../schema.js';

export type SourceHealth = Selectable<SourcesTable>;
export type HealthPatch = Partial<Omit<SourceHealth, 'id' | 'kind' | 'url' | 'category' | 'tier' | 'first_success_at'>>;

/** Makes sure every effective source has a row; keeps its health, updates its description. */
export async function syncSources(handle: Database, sources: Source[]): Promise<void> {
  if (sources.length === 0) return;
  await handle.writeTransaction(async (trx) => {
    for (const s of sources) {
      await trx
        .insertInto('sources')
        .values({ id: s.id, kind: s.kind, url: s.url, category: s.category, tier: s.tier })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            url: eb.ref('excluded.url'),
            category: eb.ref('excluded.category'),
            tier: eb.ref('excluded.tier'),
          })),
        )
        .execute();
    }
  });
}

export function getHealth(handle: Database, id: string): Promise<SourceHealth | undefined> {
  return handle.db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listHealth(handle: Database): Promise<SourceHealth[]> {
  return handle.db.selectFrom('sources').selectAll().orderBy('id').execute();
}

/** Source rows with at least one stored event (one indexed probe per source row). */
export function sourcesHoldingEvents(handle: Database): Promise<SourceHealth[]> {
  return handle.db
    .selectFrom('sources as s')
    .selectAll('s')
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('events as e').select('e.id').whereRef('e.source_id', '=', 's.id')),
    )
    .orderBy('s.id')
    .execute();
}

export async function updateHealth(handle: Database, id: string, patch: HealthPatch): Promise<void> {
  // The first success is kept for good: it dates the silence of a source that never brings news.
  const first = patch.last_success_at
    ? { first_success_at: sql<string>`coalesce(first_success_at, ${patch.last_success_at})` }
    : {};
  await handle.db
    .updateTable('sources')
    .set({ ...patch, ...first })
    .where('id', '=', id)
    .execute();
}

/** Clears failures, errors and pauses of one source (or all when id is null); returns how many. */
export async function resetHealth(handle: Database, id: string | null): Promise<number> {
  const result = await handle.db
    .updateTable('sources')
    .set({ consecutive_failures: 0, last_error: null, disabled_until: null, pause_ms: 0 })
    .$if(id !== null, (q) => q.where('id', '=', id ?? ''))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
