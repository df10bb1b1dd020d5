import type { Signpost } from '../signposts/catalogue.js';
import type { Source } from '../core/types.js';
import type { Database } from '../db/open-database.js';
import { type ObservationInput, storedEntries, storeLeaderboard } from '../db/repos/leaderboard-repo.js';
import type { LeaderboardAdapter, LeaderboardRow } from '../sources/leaderboards/adapter.js';
import { detectChanges } from '../sources/leaderboards/changes.js';
import { leaderboardAdapter } from '../sources/leaderboards/index.js';
import { percentProblem } from '../signposts/validate-signposts.js';
import { leaderboardItem } from './leaderboard-events.js';

/** A table's bytes → rows its signposts can take; a table of unusable scores is an error. */
export function readLeaderboardTable(source: Source, text: string, signposts: Signpost[]): { adapter: LeaderboardAdapter; rows: LeaderboardRow[] } {
  const adapter = leaderboardAdapter(source.adapter);
  if (!adapter) throw new Error(`unknown leaderboard adapter "${source.adapter ?? ''}"`);
  let rows: LeaderboardRow[];
  try {
    rows = adapter.read(text);
  } catch (err) {
    if (err instanceof SyntaxError) throw new Error(`leaderboard ${adapter.id}: not valid JSON (${err.message})`);
    throw err;
  }
  const units = signposts.filter((s) => adapter.signposts.includes(s.code)).map((s) => s.unit);
  const usable = rows.filter((r) => units.every((unit) => percentProblem(unit, r.score * adapter.scale) === null));
  if (usable.length === 0) {
    const bad = rows[0] ? `: ${percentProblem('%', rows[0].score * adapter.scale)}` : '';
    throw new Error(`leaderboard ${adapter.id}: no usable rows in the table${bad}`);
  }
  return { adapter, rows: usable };
}

/**
 * One read of a leaderboard → stored changes: an event per new best or new top-5 entry and,
 * for a new best, a tier-A observation of each signpost the board feeds.
 */
export function ingestLeaderboard(
  db: Database,
  source: Source,
  table: { adapter: LeaderboardAdapter; rows: LeaderboardRow[] },
  now: Date,
): { new: number; duplicates: number } {
  const { adapter, rows } = table;
  const at = now.toISOString();
  const fetchDay = at.slice(0, 10);
  const changes = detectChanges(storedEntries(db, source.id, adapter.board), rows);
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
  const stored = storeLeaderboard(db, { sourceId: source.id, board: adapter.board, rows, events, observations, at });
  return { new: stored.new, duplicates: stored.duplicates };
}
