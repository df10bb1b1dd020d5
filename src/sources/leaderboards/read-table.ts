import { bodyPrefix } from '../../core/body-prefix.js';
import type { LeaderboardRow, Source } from '../../core/types.js';
import type { Signpost } from '../../signposts/catalogue.js';
import { unitProblem } from '../../signposts/units.js';
import { decodeFeed } from '../decode.js';
import type { LeaderboardAdapter, SkippedRow, TableBody, TableRead } from './adapter.js';
import { leaderboardAdapter } from './index.js';
import { tableFileName } from './table-file.js';
import { isZip, zipMember } from './zip-member.js';

/** A table's bytes → rows its signposts can take; a table of unusable scores is an error. */
export interface LeaderboardTable {
  /** The adapter as this source configures it (a generic one knows its benchmark and signposts). */
  adapter: LeaderboardAdapter;
  rows: LeaderboardRow[];
  /** Rows not read, each with its reason (no score, a projection, impossible in the unit …). */
  skipped: SkippedRow[];
}

export interface TableInput {
  bytes: Uint8Array;
  contentType: string | null;
  now: Date;
}

/** The source's adapter, specialised by its `table` options when it is a generic one. */
export function configuredAdapter(source: Source): LeaderboardAdapter {
  const adapter = leaderboardAdapter(source.adapter);
  if (!adapter) throw new Error(`unknown leaderboard adapter "${source.adapter ?? ''}"`);
  return adapter.configure ? adapter.configure(source.table ?? {}, tableFileName(source)) : adapter;
}

export async function readLeaderboardTable(
  source: Source,
  input: TableInput,
  signposts: Signpost[],
): Promise<LeaderboardTable> {
  const adapter = configuredAdapter(source);
  let bytes = input.bytes;
  if (!adapter.binary && isZip(bytes)) {
    const member = source.table?.member;
    if (!member)
      throw new Error(`leaderboard ${adapter.id}: the body is a ZIP archive; name the file to read in "table.member"`);
    bytes = zipMember(bytes, member);
  }
  let text: string | undefined;
  const body: TableBody = {
    bytes,
    get text() {
      text ??= decodeFeed(bytes, input.contentType);
      return text;
    },
    fileName: tableFileName(source),
    now: input.now,
  };
  let read: TableRead;
  try {
    const out = await adapter.read(body);
    read = Array.isArray(out) ? { rows: out, skipped: [] } : out;
  } catch (err) {
    // Not the parser's message: it quotes the body, which may be any answer at all.
    if (err instanceof SyntaxError)
      throw new Error(`leaderboard ${adapter.id}: not valid JSON: body starts with "${bodyPrefix(body.text)}"`);
    throw err;
  }
  const fed = adapter.signposts.map((code) => {
    const signpost = signposts.find((s) => s.code === code);
    if (!signpost) throw new Error(`leaderboard ${adapter.id}: feeds "${code}", which is not a signpost`);
    return signpost;
  });
  const refused: SkippedRow[] = [];
  const usable: LeaderboardRow[] = [];
  for (const row of read.rows) {
    const problem = fed.map((s) => unitProblem(s.unit, row.score * adapter.scale)).find((p) => p !== null);
    if (problem) refused.push({ row: row.model, reason: problem });
    else usable.push(row);
  }
  // A refused score says more about a changed format than a row without one.
  const skipped = [...refused, ...read.skipped];
  if (usable.length === 0) {
    const bad = skipped[0] ? `: ${skipped[0].reason}` : '';
    throw new Error(`leaderboard ${adapter.id}: no usable rows in the table${bad}`);
  }
  return { adapter, rows: usable, skipped };
}
