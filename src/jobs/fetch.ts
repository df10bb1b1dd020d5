import { availableParallelism } from 'node:os';
import type { FetchReport, SourceReport } from '../core/types.js';
import { HttpClient } from '../http/http-client.js';
import { ingest } from '../ingest/ingest.js';
import { ParsePool } from '../ingest/parse-pool.js';
import { selectSources } from '../ingest/select-sources.js';
import { alertOnSources } from '../ops/alert-triggers.js';
import { effectiveSources } from '../sources/catalogue.js';
import { sampleSources } from '../sources/samples.js';
import type { JobContext } from './job-context.js';
import type { JobOutcome } from './job-outcome.js';
import { withJob } from './with-job.js';

export interface FetchOptions {
  /** A source id, a kind or `all` (the default). */
  source?: string;
  /** The bundled samples instead of the network. */
  offline?: boolean;
  /** Items per source per run (default: config `fetch.limit`). */
  limit?: number;
  /** Sources at once (default: config `fetch.concurrency`). */
  concurrency?: number;
  onProgress?: (report: SourceReport, done: number, total: number) => void;
}

/**
 * Fetches the selected sources under the `fetch` lock and stores what is new. `partial` when
 * some sources failed and the rest was stored, `failed` when every one did.
 */
export async function fetchJob(ctx: JobContext, options: FetchOptions = {}): Promise<JobOutcome<FetchReport>> {
  const { config } = ctx;
  const { sources, force } = selectSources(
    options.offline ? sampleSources() : effectiveSources(config),
    options.source,
  );
  // One parse worker per core, up to 4. Run from the TypeScript sources (in-process tests)
  // there is no compiled worker script to start: bodies are parsed on this thread.
  const threads = import.meta.url.endsWith('.js') ? Math.min(4, availableParallelism()) : 0;
  const report = await withJob(ctx, 'fetch', { lock: true }, async ({ db, alerter, record }) => {
    // Parsing runs on worker threads beside the HTTP and database work of this one.
    const parsePool = !options.offline && sources.length > 1 && threads > 0 ? new ParsePool(threads) : null;
    try {
      let done = 0;
      const result = await record(async () => {
        const r = await ingest(
          {
            db,
            config,
            clock: ctx.clock,
            logger: ctx.logger,
            http: options.offline ? null : new HttpClient(config.http),
            signal: ctx.signal,
            parsePool,
          },
          sources,
          {
            limit: options.limit ?? config.fetch.limit,
            concurrency: options.concurrency ?? config.fetch.concurrency,
            force,
            onSource: (s) => options.onProgress?.(s, ++done, sources.length),
          },
        );
        const ok = r.sources.length - r.totals.failed;
        return {
          status: r.totals.failed === 0 ? 'success' : ok > 0 ? 'partial' : 'failed',
          counts: { ...r.totals, sources: r.sources.length },
          error: failedSummary(r.sources),
          result: r,
        };
      });
      if (alerter) await alertOnSources(db, alerter, config, sources, ctx.clock()).catch(() => {});
      return result;
    } finally {
      await parsePool?.close();
    }
  });
  const { failed } = report.totals;
  const total = report.sources.length;
  // Every source failed: the run failed (as its job_runs row says), it is not "partial".
  if (failed > 0 && failed === total)
    return {
      verdict: 'failed',
      result: report,
      problem: { code: 'fetch', message: `every source failed (${failed} of ${total}); nothing was stored` },
    };
  return { verdict: failed > 0 ? 'partial' : 'ok', result: report };
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
