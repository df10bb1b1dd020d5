import type { Source } from '../core/types.js';
import type { Database } from '../db/open-database.js';
import { type ObservationInput, storedEntries, storeLeaderboard } from '../db/repos/leaderboard-repo.js';
import { detectChanges, ranked } from '../sources/leaderboards/changes.js';
import type { LeaderboardTable } from '../sources/leaderboards/read-table.js';
import { leaderboardItem } from './leaderboard-events.js';

/**
 * One read of a leaderboard → stored changes: an event per new best or new top-5 entry and,
 * for a new best, a tier-A observation of each signpost the board feeds.
 */
export async function ingestLeaderboard(
  db: Database,
  source: Source,
  table: LeaderboardTable,
  now: Date,
): Promise<{ new: number; duplicates: number }> {
  const { adapter, rows } = table;
  const at = now.toISOString();
  const fetchDay = at.slice(0, 10);
  const changes = detectChanges(await storedEntries(db, source.id, adapter.board), rows);
  const events = changes.map((c) => leaderboardItem(source, adapter, c, fetchDay));
  const observations: ObservationInput[] = changes.flatMap((c, i) =>
    c.kind !== 'new-best'
      ? []
      : adapter.signposts.map((signpost) => ({
          signpost,
          value: c.row.score * adapter.scale,
          observedOn: c.row.date ?? fetchDay,
          tier: 'A',
          model: c.row.model,
          eventUrl: (events[i] as { canonicalUrl: string }).canonicalUrl,
        })),
  );
  const stored = await storeLeaderboard(db, {
    sourceId: source.id,
    board: adapter.board,
    // One entry per model, its best: a table listing a model per step budget or per date
    // (OSWorld, data-centre timelines) would otherwise store whichever row came last.
    rows: ranked(rows),
    events,
    observations,
    at,
  });
  return { new: stored.new, duplicates: stored.duplicates };
}
