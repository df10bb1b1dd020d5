import { DEFAULT_NEAR_SINCE_DAYS, DEFAULT_NEAR_THRESHOLD, dedupeCheck } from '../../ingest/dedupe-check.js';
import type { CommandContext } from '../context.js';
import { exitCodeOf } from '../exit-code.js';
import { intFlag, numberFlag } from '../parse-flags.js';
import { truncate } from '../render/table.js';
import { plural } from '../../core/wording.js';

export interface DedupeFlags {
  near?: string;
  since?: string;
}

/** Read-only, no lock. Exit 1 when exact duplicates exist (the database was edited by hand). */
export async function dedupeCheckCommand(ctx: CommandContext, flags: DedupeFlags): Promise<number> {
  const threshold = numberFlag(flags.near, '--near', 0, 1) ?? DEFAULT_NEAR_THRESHOLD;
  const sinceDays = intFlag(flags.since, '--since', 0, 100_000) ?? DEFAULT_NEAR_SINCE_DAYS;
  const db = await ctx.openDb({ mustExist: true });
  try {
    const report = await dedupeCheck(db, ctx.clock(), threshold, sinceDays);
    const exactCount = report.exact.url.length + report.exact.contentHash.length;
    if (ctx.io.json) {
      ctx.io.out(JSON.stringify(report));
    } else {
      const lines = [
        `exact duplicates: ${report.exact.url.length} by URL, ${report.exact.contentHash.length} by content hash`,
        ...report.exact.url.map((ids) => `  url: ${ids.join(', ')}`),
        ...report.exact.contentHash.map((ids) => `  content hash: ${ids.join(', ')}`),
        `near-duplicates (title similarity >= ${threshold}, last ${plural(sinceDays, 'day')}): ${report.near.length}`,
        ...report.near.flatMap((g) => [
          `  ${g.score.toFixed(2)}`,
          ...g.events.map((e) => `    #${e.id} [${e.source}] ${truncate(e.title, 90)}`),
        ]),
      ];
      ctx.io.out(lines.join('\n'));
    }
    return exitCodeOf(exactCount > 0 ? 'failed' : 'ok');
  } finally {
    await db.close();
  }
}
