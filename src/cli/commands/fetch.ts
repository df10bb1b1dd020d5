import type { FetchReport } from '../../core/types.js';
import { plural } from '../../core/wording.js';
import { fetchJob } from '../../jobs/fetch.js';
import { type CommandContext, jobContextOf } from '../context.js';
import { finish } from '../exit-code.js';
import { intFlag } from '../parse-flags.js';
import { renderTable } from '../render/table.js';

export interface FetchFlags {
  source?: string;
  offline?: boolean;
  limit?: string;
  concurrency?: string;
}

export async function fetchCommand(ctx: CommandContext, flags: FetchFlags): Promise<number> {
  const outcome = await fetchJob(jobContextOf(ctx), {
    source: flags.source,
    offline: flags.offline,
    limit: intFlag(flags.limit, '--limit', 1, 100_000),
    concurrency: intFlag(flags.concurrency, '--concurrency', 1, 64),
    onProgress: (r, done, total) => ctx.io.status(`[${done}/${total}] ${r.id}: ${r.status}`),
  });
  ctx.io.status('');
  const report = outcome.result;
  ctx.io.out(
    ctx.io.json
      ? JSON.stringify({ sources: report.sources, totals: report.totals })
      : renderFetch(report, ctx.io.color),
  );
  return finish(ctx.io, outcome);
}

function renderFetch(report: FetchReport, color: boolean): string {
  const rows = report.sources.map((r) => [
    r.id,
    r.status,
    r.fetched,
    r.new,
    r.duplicates,
    r.skipped,
    `${r.ms}`,
    r.error ?? '',
  ]);
  const t = report.totals;
  const table = renderTable(['source', 'status', 'fetched', 'new', 'dupes', 'skipped', 'ms', 'error'], rows, color);
  return (
    `${table}\n${t.fetched} fetched, ${t.new} new, ${plural(t.duplicates, 'duplicate')}, ` +
    `${t.skipped} skipped, ${t.failed} failed`
  );
}
