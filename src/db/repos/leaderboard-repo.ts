import type { NormalizedItem } from '../../core/types.js';
import type { LeaderboardRow, StoredEntry } from '../../core/types.js';
import type { Database } from '../open-database.js';
import { insertBatch } from './events-repo.js';

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

export function storedEntries(handle: Database, sourceId: string, board: string): StoredEntry[] {
  return handle.prepare('select model, score from leaderboard_entries where source_id = ? and board = ?').all(sourceId, board) as StoredEntry[];
}

/**
 * Stores one read of a leaderboard in one transaction: its events (tombstones honoured),
 * their observations, and the table itself (what the next read compares against). Rows
 * whose score did not change are not rewritten, so a re-read stores nothing.
 */
export function storeLeaderboard(handle: Database, w: LeaderboardWrite): { new: number; duplicates: number; observations: number } {
  const idOf = handle.prepare('select id from events where canonical_url = ?').pluck();
  const observe = handle.prepare(
    `insert or ignore into observations (signpost, value, observed_on, tier, event_id, source_id, model, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsert = handle.prepare(
    `insert into leaderboard_entries (source_id, board, model, score, entry_date, first_seen_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?)
     on conflict (source_id, board, model) do update set score = excluded.score, entry_date = excluded.entry_date,
       updated_at = excluded.updated_at
     where score != excluded.score or entry_date is not excluded.entry_date`,
  );
  return handle.raw.transaction(() => {
    const [inserted] = insertBatch(handle, [{ sourceId: w.sourceId, items: w.events, fetchedAt: w.at }]);
    let observations = 0;
    for (const o of w.observations) {
      const eventId = (idOf.get(o.eventUrl) as number | undefined) ?? null;
      observations += observe.run(o.signpost, o.value, o.observedOn, o.tier, eventId, w.sourceId, o.model, w.at).changes;
    }
    for (const r of w.rows) upsert.run(w.sourceId, w.board, r.model, r.score, r.date, w.at, w.at);
    return { new: inserted?.new ?? 0, duplicates: inserted?.duplicates ?? 0, observations };
  }).immediate();
}
