import type { Config } from '../config/config.js';
import { DAY_MS } from '../core/durations.js';
import { countExpired, countKeptAsEvidence, deleteExpiredBatch, type TableCounts } from '../db/repos/cleanup-repo.js';
import type { Database } from '../db/open-database.js';

export const CLEANUP_BATCH = 1000;

export interface CleanupOptions {
  dryRun: boolean;
  /** Overrides retention.eventsDays. */
  olderThanDays?: number | undefined;
  vacuum: boolean;
  signal: AbortSignal;
}

export interface CleanupReport {
  dryRun: boolean;
  cutoffs: { events: string; jobRuns: string; alerts: string; llmCalls: string };
  deleted: TableCounts;
  /** Events past retention kept because a stored snapshot value rests on them. */
  keptAsEvidence: number;
  vacuum: { bytesBefore: number; bytesAfter: number } | null;
}

/**
 * Retention: events (with their analyses) older than retention.eventsDays, job runs and
 * ledger rows older than theirs, deleted in bounded batches, each in its own transaction,
 * so a large cleanup never holds the write lock for long and a kill loses nothing.
 * Snapshots and digests are kept, and so are the events a stored snapshot value rests on
 * (snapshot_evidence), so every stored number stays traceable.
 */
export async function cleanup(
  db: Database,
  config: Config,
  now: Date,
  options: CleanupOptions,
): Promise<CleanupReport> {
  const days = (n: number) => new Date(now.getTime() - n * DAY_MS).toISOString();
  const cutoffs = {
    eventsBefore: days(options.olderThanDays ?? config.retention.eventsDays),
    jobRunsBefore: days(config.retention.jobRunsDays),
    alertsBefore: days(config.retention.alertsDays),
    llmCallsBeforeDay: days(config.retention.llmCallsDays).slice(0, 10),
  };
  const report: CleanupReport = {
    dryRun: options.dryRun,
    cutoffs: {
      events: cutoffs.eventsBefore,
      jobRuns: cutoffs.jobRunsBefore,
      alerts: cutoffs.alertsBefore,
      llmCalls: cutoffs.llmCallsBeforeDay,
    },
    deleted: { events: 0, analyses: 0, jobRuns: 0, alerts: 0, llmCalls: 0 },
    keptAsEvidence: await countKeptAsEvidence(db, cutoffs.eventsBefore),
    vacuum: null,
  };
  if (options.dryRun) {
    report.deleted = await countExpired(db, cutoffs);
    return report;
  }
  for (;;) {
    if (options.signal.aborted) return report;
    const batch = await deleteExpiredBatch(db, cutoffs, CLEANUP_BATCH, now.toISOString());
    for (const key of Object.keys(batch) as (keyof TableCounts)[]) report.deleted[key] += batch[key];
    if (batch.events + batch.jobRuns + batch.alerts + batch.llmCalls === 0) break;
  }
  if (options.vacuum) {
    const bytesBefore = await db.sizeBytes();
    await db.vacuum();
    report.vacuum = { bytesBefore, bytesAfter: await db.sizeBytes() };
  }
  return report;
}
