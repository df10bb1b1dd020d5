import type { Config } from '../config/config.js';
import { DAY_MS } from '../core/clock.js';
import type { Source } from '../core/types.js';
import { type JobRunRow, lastRuns, lastSuccess } from '../db/repos/job-runs-repo.js';
import { listLocks } from '../db/repos/locks-repo.js';
import { listHealth } from '../db/repos/sources-repo.js';
import type { Database } from '../db/open-database.js';
import type { BudgetStatus } from '../llm/budget-report.js';
import { pausedUntil } from './source-health.js';

export const FAILURES_TO_ALERT = 3;
const HOUR_MS = 3_600_000;

export interface JobStatus {
  job: string;
  expectedEveryHours: number;
  lastRun: { startedAt: string; finishedAt: string | null; status: string; durationMs: number | null; counts: unknown; error: string | null } | null;
  lastSuccessAt: string | null;
  consecutiveFailures: number;
  overdue: boolean;
  healthy: boolean;
}

export interface SourceStatus {
  id: string;
  kind: string;
  consecutiveFailures: number;
  lastError: string | null;
  lastSuccessAt: string | null;
  lastNewAt: string | null;
  pausedUntil: string | null;
  stale: boolean;
  healthy: boolean;
}

export interface StatusReport {
  healthy: boolean;
  problems: string[];
  jobs: JobStatus[];
  sources: SourceStatus[];
  budget: { status: BudgetStatus; spentUsd: number; hardLimitUsd: number };
  locks: { job: string; pid: number; host: string; acquiredAt: string; expiresAt: string }[];
}

/**
 * Is everything well, without reading logs? A job is unhealthy after 3 failures in a row or
 * when overdue (no run started within its interval plus half of it again); a source when
 * paused, or stale: no new item for schedule.sourceStaleDays (weekdays only for arXiv, whose
 * listings skip weekends). A job never run is reported, not failed: nothing scheduled it yet.
 */
export function statusReport(
  db: Database,
  config: Config,
  sources: Source[],
  now: Date,
  budget: StatusReport['budget'],
): StatusReport {
  const problems: string[] = [];
  const expected: Record<string, number> = {
    fetch: config.schedule.fetchHours,
    analyze: config.schedule.analyzeHours,
    cleanup: config.schedule.cleanupHours,
  };
  const jobs = Object.entries(expected).map(([job, hours]): JobStatus => {
    const runs = lastRuns(db, job, 20).filter((r) => r.status !== 'skipped');
    const last = runs[0] ?? null;
    let consecutiveFailures = 0;
    for (const r of runs) {
      if (r.status !== 'failed') break;
      consecutiveFailures++;
    }
    const overdue = last !== null && now.getTime() - Date.parse(last.started_at) > hours * 1.5 * HOUR_MS;
    if (consecutiveFailures >= FAILURES_TO_ALERT) problems.push(`${job} failed ${consecutiveFailures} times in a row`);
    if (overdue) problems.push(`${job} is overdue: last run ${last?.started_at}, expected every ${hours} h`);
    return {
      job,
      expectedEveryHours: hours,
      lastRun: last ? runJson(last) : null,
      lastSuccessAt: lastSuccess(db, job),
      consecutiveFailures,
      overdue,
      healthy: consecutiveFailures < FAILURES_TO_ALERT && !overdue,
    };
  });

  const health = new Map(listHealth(db).map((h) => [h.id, h]));
  const sourceStatuses = sources
    .filter((s) => s.enabled)
    .map((s): SourceStatus => {
      const h = health.get(s.id);
      const paused = pausedUntil(h, now);
      const since = h?.last_new_at ?? null;
      const silentDays = since ? silence(since, now, s.kind === 'arxiv') : 0;
      const stale = since !== null && silentDays > config.schedule.sourceStaleDays;
      if (paused) problems.push(`source ${s.id} is paused until ${paused}${h?.last_error ? `: ${h.last_error}` : ''}`);
      if (stale) problems.push(`source ${s.id} is stale: nothing new since ${since}`);
      return {
        id: s.id,
        kind: s.kind,
        consecutiveFailures: h?.consecutive_failures ?? 0,
        lastError: h?.last_error ?? null,
        lastSuccessAt: h?.last_success_at ?? null,
        lastNewAt: since,
        pausedUntil: paused,
        stale,
        healthy: !paused && !stale,
      };
    });

  const locks = listLocks(db).map((l) => ({ job: l.job, pid: l.pid, host: l.host, acquiredAt: l.acquired_at, expiresAt: l.expires_at }));
  return { healthy: problems.length === 0, problems, jobs, sources: sourceStatuses, budget, locks };
}

function runJson(r: JobRunRow): NonNullable<JobStatus['lastRun']> {
  return {
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    durationMs: r.finished_at ? Date.parse(r.finished_at) - Date.parse(r.started_at) : null,
    counts: r.counts ? JSON.parse(r.counts) : null,
    error: r.error,
  };
}

/** Days of silence since `from`; for weekday-only sources, Saturdays and Sundays do not count. */
export function silence(from: string, now: Date, weekdaysOnly: boolean): number {
  const ms = now.getTime() - Date.parse(from);
  if (!weekdaysOnly) return ms / DAY_MS;
  let days = 0;
  for (let t = Date.parse(from) + DAY_MS; t <= now.getTime(); t += DAY_MS) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) days++;
  }
  return days;
}
