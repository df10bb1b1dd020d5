import type { NormalizedItem } from '../../core/types.js';
import type { LeaderboardRow, StoredEntry } from '../../core/types.js';
import type { Database } from '../database.js';
import { insertItems } from './events-repo.js';

export interface ObservationInput {
  signpost: string;
  value: number;
  observedOn: string;
  tier: string;
  model: string;
  /** The event (by canonical URL) this observation is evidence from. */
  eventUrl: string;
}

export interface LeaderboardWrite {
  sourceId: string;
  board: string;
  rows: LeaderboardRow[];
  events: NormalizedItem[];
  observations: ObservationInput[];
  at: string;
}

export function storedEntries(handle: Database, sourceId: string, board: string): Promise<StoredEntry[]> {
  return handle.db
    .selectFrom('leaderboard_entries')
    .select(['model', 'score'])
    .where('source_id', '=', sourceId)
    .where('board', '=', board)
    .execute();
}

/**
 * Stores one read of a leaderboard in one transaction: its events (tombstones honoured),
 * their observations, and the table itself (what the next read compares against). Rows
 * whose score did not change are not rewritten, so a re-read stores nothing.
 */
export function storeLeaderboard(
  handle: Database,
  w: LeaderboardWrite,
): Promise<{ new: number; duplicates: number; observations: number }> {
  return handle.writeTransaction(async (trx) => {
    const inserted = await insertItems(trx, w.sourceId, w.events, w.at);
    let observations = 0;
    for (const o of w.observations) {
      const event = await trx
        .selectFrom('events')
        .select('id')
        .where('canonical_url', '=', o.eventUrl)
        .executeTakeFirst();
      const result = await trx
        .insertInto('observations')
        .values({
          signpost: o.signpost,
          value: o.value,
          observed_on: o.observedOn,
          tier: o.tier,
          event_id: event?.id ?? null,
          source_id: w.sourceId,
          model: o.model,
          created_at: w.at,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      observations += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    for (const r of w.rows) {
      await trx
        .insertInto('leaderboard_entries')
        .values({
          source_id: w.sourceId,
          board: w.board,
          model: r.model,
          score: r.score,
          entry_date: r.date,
          first_seen_at: w.at,
          updated_at: w.at,
        })
        .onConflict((oc) =>
          oc
            .columns(['source_id', 'board', 'model'])
            .doUpdateSet((eb) => ({
              score: eb.ref('excluded.score'),
              entry_date: eb.ref('excluded.entry_date'),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            // Unchanged rows are not rewritten. IS DISTINCT FROM: a null date equals a null date.
            .where((eb) =>
              eb.or([
                eb('leaderboard_entries.score', '!=', eb.ref('excluded.score')),
                eb('leaderboard_entries.entry_date', 'is distinct from', eb.ref('excluded.entry_date')),
              ]),
            ),
        )
        .execute();
    }
    return { new: inserted.new, duplicates: inserted.duplicates, observations };
  });
}
