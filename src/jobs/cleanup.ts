import { type CleanupReport, cleanup } from '../ops/cleanup.js';
import type { JobContext } from './job-context.js';
import { type JobOutcome, ok } from './job-outcome.js';
import { withJob } from './with-job.js';

export interface CleanupJobOptions {
  /** Count what would go; delete nothing, take no lock, send no notice. */
  dryRun?: boolean;
  /** Events older than N days (default: config `retention.eventsDays`). */
  olderThanDays?: number;
  /** Reclaim the space afterwards. */
  vacuum?: boolean;
}

/** Retention under the `cleanup` lock; deleted events leave tombstones. */
export async function cleanupJob(ctx: JobContext, options: CleanupJobOptions = {}): Promise<JobOutcome<CleanupReport>> {
  const dryRun = Boolean(options.dryRun);
  const report = await withJob(ctx, 'cleanup', { lock: !dryRun, notify: !dryRun, mustExist: true }, ({ db, record }) =>
    record(async () => {
      const result = await cleanup(db, ctx.config, ctx.clock(), {
        dryRun,
        olderThanDays: options.olderThanDays,
        vacuum: Boolean(options.vacuum),
        signal: ctx.signal,
      });
      return { status: 'success', counts: { dryRun: result.dryRun, ...result.deleted }, result };
    }),
  );
  return ok(report);
}
