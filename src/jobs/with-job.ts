import type { Database } from '../db/open-database.js';
import { Alerter } from '../ops/alerter.js';
import { pingerFor } from '../ops/healthcheck-ping.js';
import { mailerOf } from '../ops/mailer.js';
import { type LedgerEntry, runJob } from '../ops/run-job.js';
import type { JobContext } from './job-context.js';

export type JobName = 'fetch' | 'analyze' | 'snapshot' | 'digest' | 'cleanup';

export interface JobRun {
  db: Database;
  /** Null when the run sends no notices (a dry run). */
  alerter: Alerter | null;
  /** Runs `work` inside its job_runs row, under the lock when the job takes one, with pings and alerts. */
  record<T>(work: (runId: number) => Promise<LedgerEntry<T>>): Promise<T>;
}

export interface WithJobOptions {
  /** Writing jobs hold the job lock; `analyze` claims events one by one instead. */
  lock: boolean;
  /** Pings and alerts for this run (off for a dry run). */
  notify?: boolean;
  /** Refuse to create the database (a job with nothing to do on a missing one). */
  mustExist?: boolean;
}

/**
 * The wiring every writing job shares, in one place: opens the database, builds the alerter
 * and the healthcheck pinger of the job, hands `body` a ledger wrapper, and always closes
 * the database (after `body`, so a job may still read after its run is recorded).
 */
export async function withJob<T>(
  ctx: JobContext,
  job: JobName,
  options: WithJobOptions,
  body: (run: JobRun) => Promise<T>,
): Promise<T> {
  const { config } = ctx;
  const notify = options.notify ?? true;
  const db = await ctx.openDb({ mustExist: options.mustExist });
  try {
    // Alerts by email share the run's notice allowance with pings and webhooks.
    const mail =
      notify && config.alerts.email
        ? { mailer: mailerOf(config, ctx.notices, 'alerts.email'), to: config.email.recipients.map((r) => r.to) }
        : null;
    const alerter = notify ? new Alerter(db, config.alerts, ctx.clock, ctx.logger, ctx.notices, mail) : null;
    const record = <R>(work: (runId: number) => Promise<LedgerEntry<R>>) =>
      runJob(
        job,
        {
          db,
          clock: ctx.clock,
          signal: ctx.signal,
          leaseMs: config.lock.leaseMs,
          lock: options.lock,
          pinger: notify ? pingerFor(config.healthchecks, job, ctx.logger, ctx.notices) : null,
          alerter,
        },
        work,
      );
    return await body({ db, alerter, record });
  } finally {
    await db.close();
  }
}
