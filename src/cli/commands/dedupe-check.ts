import { plainDeep } from '../../core/plain-text.js';
import { DEFAULT_NEAR_SINCE_DAYS, DEFAULT_NEAR_THRESHOLD, dedupeCheck } from '../../ingest/dedupe-check.js';
import { storiesSince, storyJson } from '../../ingest/stories-since.js';
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
    // Stories: the same news from several sources, kept as separate events (not a problem).
    const stories = (await storiesSince(db, ctx.clock(), sinceDays)).map(storyJson);
    const exactCount = report.exact.url.length + report.exact.contentHash.length;
    if (ctx.io.json) {
      ctx.io.out(JSON.stringify(plainDeep({ ...report, stories })));
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
        `stories (one piece of news from several sources, last ${plural(sinceDays, 'day')}): ${stories.length}`,
        ...stories.flatMap((st) => [
          `  #${st.lead.id} [${truncate(st.lead.source, 30)}, ${st.lead.tier}] ${truncate(st.lead.title, 90)}`,
          ...st.alsoReportedBy.map(
            (e) => `    also #${e.id} [${truncate(e.source, 30)}, ${e.tier}] ${truncate(e.title, 80)}`,
          ),
        ]),
      ];
      ctx.io.out(lines.join('\n'));
    }
    return exitCodeOf(exactCount > 0 ? 'failed' : 'ok');
  } finally {
    await db.close();
  }
}
