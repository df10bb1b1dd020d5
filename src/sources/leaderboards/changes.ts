import type { LeaderboardRow, StoredEntry } from '../../core/types.js';

export interface LeaderboardChange {
  kind: 'new-best' | 'top-5';
  row: LeaderboardRow;
  /** 1-based rank in the new table. */
  rank: number;
  /** The best stored before this read (null on the first read of a board). */
  previousBest: StoredEntry | null;
}

/** Rows best first, one per model (its best score; ties keep table order). */
export function ranked(rows: LeaderboardRow[]): LeaderboardRow[] {
  const best = new Map<string, LeaderboardRow>();
  for (const row of rows) {
    const seen = best.get(row.model);
    if (!seen || row.score > seen.score) best.set(row.model, row);
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

/**
 * What is news in a new read of a table against the stored one: a new best score, and
 * models entering the top 5. The first read of a board records only its leader (a
 * baseline, so the signpost value is traceable); re-reading the same table finds nothing.
 */
export function detectChanges(previous: StoredEntry[], rows: LeaderboardRow[]): LeaderboardChange[] {
  const next = ranked(rows);
  const leader = next[0];
  if (!leader) return [];
  const before = [...previous].sort((a, b) => b.score - a.score);
  const previousBest = before[0] ?? null;
  if (!previousBest) return [{ kind: 'new-best', row: leader, rank: 1, previousBest: null }];

  const changes: LeaderboardChange[] = [];
  if (leader.score > previousBest.score) changes.push({ kind: 'new-best', row: leader, rank: 1, previousBest });
  const top5Before = new Set(before.slice(0, 5).map((e) => e.model));
  next.slice(0, 5).forEach((row, i) => {
    if (top5Before.has(row.model) || changes.some((c) => c.row.model === row.model)) return;
    changes.push({ kind: 'top-5', row, rank: i + 1, previousBest });
  });
  return changes;
}
