import { availableParallelism } from 'node:os';
import { AppError, ExitCode } from '../../core/errors.js';
import type { FetchReport, SourceReport } from '../../core/types.js';
import { HttpClient } from '../../http/http-client.js';
import { ingest } from '../../ingest/ingest.js';
import { ParsePool } from '../../ingest/parse-pool.js';
import { selectSources } from '../../ingest/select-sources.js';
import { alertOnSources } from '../../ops/alert-triggers.js';
import { Alerter } from '../../ops/alerter.js';
import { pingerFor } from '../../ops/healthcheck-ping.js';
import { runJob } from '../../ops/run-job.js';
import { effectiveSources } from '../../sources/catalogue.js';
import { sampleSources } from '../../sources/samples.js';
import type { CommandContext } from '../context.js';
import { intFlag } from '../parse-flags.js';
import { renderTable } from '../render/table.js';
import { plural } from '../../core/wording.js';

export interface FetchFlags {
  source?: string;
  offline?: boolean;
  limit?: string;
  concurrency?: string;
}

export async function fetchCommand(ctx: CommandContext, flags: FetchFlags): Promise<number> {
  const { config } = ctx.loaded;
  const limit = intFlag(flags.limit, '--limit', 1, 100_000) ?? config.fetch.limit;
  const concurrency =
    intFlag(flags.concurrency, '--concurrency', 1, 64) ?? config.fetch.concurrency;
  const { sources, force } = selectSources(
    flags.offline ? sampleSources() : effectiveSources(config),
    flags.source,
  );

  const db = await ctx.openDb();
  const alerter = new Alerter(db, config.alerts, ctx.clock, ctx.logger, ctx.notices);
  // Parsing runs on worker threads beside the HTTP and database work of this one.
  const parsePool = !flags.offline && sources.length > 1 ? new ParsePool(Math.min(4, availableParallelism())) : null;
  try {
    let done = 0;
    const report = await runJob(
      'fetch',
      {
        db,
        clock: ctx.clock,
        signal: ctx.signal,
        leaseMs: config.lock.leaseMs,
        lock: true,
        pinger: pingerFor(config.healthchecks, 'fetch', ctx.logger, ctx.notices),
        alerter,
      },
      async () => {
        const result = await ingest(
          {
            db,
            config,
            clock: ctx.clock,
            logger: ctx.logger,
            http: flags.offline ? null : new HttpClient(config.http),
            signal: ctx.signal,
            parsePool,
          },
          sources,
          {
            limit,
            concurrency,
            force,
            onSource: (r) => {
              done++;
              ctx.io.status(`[${done}/${sources.length}] ${r.id}: ${r.status}`);
            },
          },
        );
        ctx.io.status('');
        const ok = result.sources.length - result.totals.failed;
        return {
          status: result.totals.failed === 0 ? 'success' : ok > 0 ? 'partial' : 'failed',
          counts: { ...result.totals, sources: result.sources.length },
          error: failedSummary(result.sources),
          result,
        };
      },
    );
    await alertOnSources(db, alerter, config, sources, ctx.clock()).catch(() => {});
    ctx.io.out(
      ctx.io.json
        ? JSON.stringify({ sources: report.sources, totals: report.totals })
        : renderFetch(report, ctx.io.color),
    );
    const { failed } = report.totals;
    // Every source failed: the run failed (as its job_runs row says), it is not "partial".
    if (failed > 0 && failed === report.sources.length)
      throw new AppError('fetch', `every source failed (${failed} of ${report.sources.length}); nothing was stored`);
    return failed > 0 ? ExitCode.partial : ExitCode.ok;
  } finally {
    await parsePool?.close();
    await db.close();
  }
}

function failedSummary(reports: SourceReport[]): string | null {
  const failed = reports.filter((r) => r.status === 'failed');
  return failed.length
    ? failed
        .map((r) => `${r.id}: ${r.error}`)
        .join('; ')
        .slice(0, 2000)
    : null;
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
  const table = renderTable(
    ['source', 'status', 'fetched', 'new', 'dupes', 'skipped', 'ms', 'error'],
    rows,
    color,
  );
  return `${table}\n${t.fetched} fetched, ${t.new} new, ${plural(t.duplicates, 'duplicate')}, ${t.skipped} skipped, ${t.failed} failed`;
}
