import type { LeaderboardRow } from '../../core/types.js';
import { day, type LeaderboardAdapter, num, tableError } from './adapter.js';

/**
 * swebench.com's data file (SWE-bench/swe-bench.github.io `data/leaderboards.json`):
 * `{"leaderboards": [{"name": "Verified", "results": [{"name", "resolved", "date", "folder", …}]}]}`,
 * `resolved` in percent, `date` YYYY-MM-DD (else the folder's YYYYMMDD_ prefix).
 */
export const sweBenchVerified: LeaderboardAdapter = {
  id: 'swe-bench-verified',
  benchmark: 'SWE-bench Verified',
  board: 'swe-bench-verified',
  signposts: ['swe_bench_85', 'swe_bench_90'],
  scale: 1,
  unit: '%',
  read({ text }) {
    const data = JSON.parse(text) as { leaderboards?: unknown };
    if (!Array.isArray(data.leaderboards)) throw tableError(this.id, 'no "leaderboards" list');
    const board = data.leaderboards.find(
      (b: { name?: unknown }) => typeof b?.name === 'string' && b.name.toLowerCase() === 'verified',
    ) as { results?: unknown } | undefined;
    if (!board || !Array.isArray(board.results)) throw tableError(this.id, 'no "Verified" leaderboard with results');
    const rows: LeaderboardRow[] = [];
    for (const r of board.results as Record<string, unknown>[]) {
      const score = num(r?.resolved);
      if (typeof r?.name !== 'string' || score === null) continue;
      rows.push({ model: r.name, score, date: day(r.date) ?? day(r.folder) });
    }
    return rows;
  },
};
