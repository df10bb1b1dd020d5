import { bodyPrefix } from '../../core/body-prefix.js';
import type { Source } from '../../core/types.js';
import type { Signpost } from '../../signposts/catalogue.js';
import { unitProblem } from '../../signposts/units.js';
import type { LeaderboardRow } from '../../core/types.js';
import type { LeaderboardAdapter } from './adapter.js';
import { leaderboardAdapter } from './index.js';

/** A table's bytes → rows its signposts can take; a table of unusable scores is an error. */
export interface LeaderboardTable {
  adapter: LeaderboardAdapter;
  rows: LeaderboardRow[];
}

export function readLeaderboardTable(source: Source, text: string, signposts: Signpost[]): LeaderboardTable {
  const adapter = leaderboardAdapter(source.adapter);
  if (!adapter) throw new Error(`unknown leaderboard adapter "${source.adapter ?? ''}"`);
  let rows: LeaderboardRow[];
  try {
    rows = adapter.read(text);
  } catch (err) {
    // Not the parser's message: it quotes the body, which may be any answer at all.
    if (err instanceof SyntaxError)
      throw new Error(`leaderboard ${adapter.id}: not valid JSON: body starts with "${bodyPrefix(text)}"`);
    throw err;
  }
  const units = signposts.filter((s) => adapter.signposts.includes(s.code)).map((s) => s.unit);
  const usable = rows.filter((r) => units.every((unit) => unitProblem(unit, r.score * adapter.scale) === null));
  if (usable.length === 0) {
    const first = rows[0];
    const bad = first
      ? `: ${units.map((unit) => unitProblem(unit, first.score * adapter.scale)).find((p) => p !== null)}`
      : '';
    throw new Error(`leaderboard ${adapter.id}: no usable rows in the table${bad}`);
  }
  return { adapter, rows: usable };
}
