import { hostname } from 'node:os';
import type { Clock } from '../core/clock.js';
import { AppError, errorMessage } from '../core/errors.js';
import type { Database } from '../db/open-database.js';
import { finishRun, type JobStatus, renewRun, startRun } from '../db/repos/job-runs-repo.js';
import { alertOnJob } from './alert-triggers.js';
import type { Alerter } from './alerter.js';
import { closeDeadRuns } from './dead-runs.js';
import type { HealthcheckPinger } from './healthcheck-ping.js';
import { type HeldLock, takeJobLock } from './job-lock.js';

/** What a run writes into its job_runs row, and the result it hands back. */
export interface LedgerEntry<T> {
  status: Exclude<JobStatus, 'running' | 'skipped' | 'interrupted' | 'killed'>;
  counts: unknown;
  error?: string | null;
  result: T;
}

export interface JobOptions {
  db: Database;
  clock: Clock;
  signal: AbortSignal;
  leaseMs: number;
  /** Writing jobs hold the job lock; read-only ones do not. */
  lock: boolean;
  /** Healthcheck pings for this run, when the job has a ping URL. */
  pinger?: HealthcheckPinger | null;
  /** Alerts when the job keeps failing, and a recovery notice when it next succeeds. */
  alerter?: Alerter | null;
}

/**
 * Runs a job inside its ledger row (and lock): `running` → success/partial/failed, or
 * `skipped` when another run holds the lock, or `interrupted` on SIGINT/SIGTERM.
 * The lock is always released. Errors are rethrown for the CLI's error boundary.
 */
export async function runJob<T>(
  job: string,
  options: JobOptions,
  work: (runId: number) => Promise<LedgerEntry<T>>,
): Promise<T> {
  const { db, clock } = options;
  // Runs a killed process left `running` (any job, this one's or not) are closed first.
  await closeDeadRuns(db, clock());
  let lock: HeldLock | null = null;
  if (options.lock) {
    try {
      lock = await takeJobLock(db, job, clock(), options.leaseMs);
    } catch (err) {
      if (err instanceof AppError && err.code === 'locked') {
        const at = clock().toISOString();
        const id = await startRun(db, {
          job,
          startedAt: at,
          pid: process.pid,
          host: hostname(),
          status: 'skipped',
        });
        await finishRun(db, id, { status: 'skipped', finishedAt: at, error: err.message });
      }
      throw err;
    }
  }
  const started = clock();
  const runId = await startRun(db, {
    job,
    startedAt: started.toISOString(),
    pid: process.pid,
    host: hostname(),
    leaseUntil: new Date(started.getTime() + options.leaseMs).toISOString(),
  });
  await lock?.setRun(runId);
  // Renewed on real time, like the lock: the lease must outlive a long run whatever the clock says.
  // A renewal that fails (the database busy for a moment) is tried again at the next tick.
  const renewal = setInterval(
    () => void renewRun(db, runId, new Date(Date.now() + options.leaseMs).toISOString()).catch(() => {}),
    Math.max(1000, Math.floor(options.leaseMs / 3)),
  );
  renewal.unref();
  const pinger = options.pinger ?? null;
  await pinger?.ping('start', `${job} run ${runId} started`);
  try {
    let outcome: LedgerEntry<T>;
    try {
      outcome = await work(runId);
    } catch (err) {
      const interrupted = options.signal.aborted;
      await finishRun(db, runId, {
        status: interrupted ? 'interrupted' : 'failed',
        finishedAt: clock().toISOString(),
        error: errorMessage(err),
      });
      await pinger?.ping('fail', `${job} run ${runId} ${interrupted ? 'interrupted' : `failed: ${errorMessage(err)}`}`);
      await jobAlerts(options, job);
      throw interrupted ? interruption(options.signal) : err;
    }
    const interrupted = options.signal.aborted;
    await finishRun(db, runId, {
      status: interrupted ? 'interrupted' : outcome.status,
      finishedAt: clock().toISOString(),
      counts: outcome.counts,
      error: outcome.error ?? null,
    });
    // A partial run (some sources failed, the rest stored) still pings success, saying what failed.
    const summary =
      `${job} run ${runId}: ${outcome.status} ${JSON.stringify(outcome.counts)}` +
      (outcome.error ? `\n${outcome.error}` : '');
    await pinger?.ping(interrupted || outcome.status === 'failed' ? 'fail' : 'success', summary);
    await jobAlerts(options, job);
    if (interrupted) throw interruption(options.signal);
    return outcome.result;
  } finally {
    clearInterval(renewal);
    await lock?.release();
  }
}

async function jobAlerts(options: JobOptions, job: string): Promise<void> {
  if (!options.alerter) return;
  try {
    await alertOnJob(options.db, options.alerter, job, options.clock());
  } catch {
    // Alerting never fails the job it reports on.
  }
}

/** The error a run cut off by SIGINT/SIGTERM ends with (exit 130 / 143). */
export function interruption(signal: AbortSignal): AppError {
  const name = signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
  return new AppError('interrupted', `interrupted by ${name}`, name === 'SIGTERM' ? 143 : 130);
}
