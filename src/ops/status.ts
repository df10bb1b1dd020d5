import type { Config } from '../config/config.js';
import { HOUR_MS } from '../core/durations.js';
import type { Source } from '../core/types.js';
import { type JobRunRow, lastRuns, lastSuccess } from '../db/repos/job-runs-repo.js';
import { listLocks } from '../db/repos/locks-repo.js';
import { listHealth, sourcesHoldingEvents } from '../db/repos/sources-repo.js';
import type { Database } from '../db/open-database.js';
import type { BudgetStatus } from '../llm/budget-report.js';
import { pausedUntil, silence } from '../sources/source-health.js';

export const FAILURES_TO_ALERT = 3;

export interface JobStatus {
  job: string;
  expectedEveryHours: number;
  lastRun: {
    startedAt: string;
    finishedAt: string | null;
    status: string;
    durationMs: number | null;
    counts: unknown;
    error: string | null;
  } | null;
  lastSuccessAt: string | null;
  consecutiveFailures: number;
  /** Start of the oldest of those failed runs, when there are any. */
  failingSince: string | null;
  overdue: boolean;
  healthy: boolean;
}

export interface SourceStatus {
  id: string;
  kind: string;
  /**
   * In the effective config (scheduled, so judged); false for a source that is not but holds
   * events (the `sample:*` sources of `fetch --offline`): listed, never stale or paused.
   */
  configured: boolean;
  consecutiveFailures: number;
  lastError: string | null;
  lastSuccessAt: string | null;
  lastNewAt: string | null;
  /** Since when nothing new arrived: the last new item, or the first answer of a source that never brought one. */
  silentSince: string | null;
  pausedUntil: string | null;
  stale: boolean;
  healthy: boolean;
}

export interface StatusReport {
  healthy: boolean;
  problems: string[];
  /** quick_check of the database file: null when sound, else what is broken. */
  database: { path: string; corrupt: string | null };
  jobs: JobStatus[];
  sources: SourceStatus[];
  budget: {
    status: BudgetStatus;
    spentUsd: number;
    hardLimitUsd: number;
    /** Batches of `analyze --batch` awaiting results, and the worst cases they hold reserved. */
    openBatches: number;
    batchReservedUsd: number;
  };
  locks: { job: string; pid: number; host: string; acquiredAt: string; expiresAt: string }[];
}

/**
 * Is everything well, without reading logs? A job is unhealthy after 3 failures in a row or
 * when overdue (no run started within its interval plus half of it again); a source when
 * paused, or stale: no new item for schedule.sourceStaleDays (weekdays only for arXiv, whose
 * listings skip weekends). A job never run is reported, not failed: nothing scheduled it yet.
 */
export async function statusReport(
  db: Database,
  config: Config,
  sources: Source[],
  now: Date,
  budget: StatusReport['budget'],
): Promise<StatusReport> {
  // First, and before any query that could trip over a bad page: is the file itself sound?
  const corrupt = await db.quickCheck();
  const { fetchHours, analyzeHours, snapshotHours, digestHours, cleanupHours } = config.schedule;
  const jobs = [
    await jobStatus(db, 'fetch', fetchHours, now),
    await jobStatus(db, 'analyze', analyzeHours, now),
    await jobStatus(db, 'snapshot', snapshotHours, now),
    await jobStatus(db, 'digest', digestHours, now),
    await jobStatus(db, 'cleanup', cleanupHours, now),
  ];
  const sourceList = [...(await sourceStatuses(db, config, sources, now)), ...(await unconfiguredSources(db, sources))];
  const problems = [
    ...(corrupt
      ? [`database ${db.path} is corrupt (${corrupt}): stop writing to it and restore the latest good backup`]
      : []),
    ...jobs.flatMap((j) => [
      ...(j.consecutiveFailures >= FAILURES_TO_ALERT
        ? [`${j.job} failed ${j.consecutiveFailures} times in a row`]
        : []),
      ...(j.overdue
        ? [`${j.job} is overdue: last run ${j.lastRun?.startedAt}, expected every ${j.expectedEveryHours} h`]
        : []),
    ]),
    ...sourceList.flatMap((s) => [
      ...(s.pausedUntil
        ? [`source ${s.id} is paused until ${s.pausedUntil}${s.lastError ? `: ${s.lastError}` : ''}`]
        : []),
      ...(s.stale ? [`source ${s.id} is stale: ${staleWords(s)}`] : []),
    ]),
  ];
  const locks = (await listLocks(db)).map((l) => ({
    job: l.job,
    pid: l.pid,
    host: l.host,
    acquiredAt: l.acquired_at,
    expiresAt: l.expires_at,
  }));
  return {
    healthy: problems.length === 0,
    problems,
    database: { path: db.path, corrupt },
    jobs,
    sources: sourceList,
    budget,
    locks,
  };
}

/** One job's recent history: failures in a row (skipped runs aside) and whether it is overdue. */
export async function jobStatus(db: Database, job: string, everyHours: number, now: Date): Promise<JobStatus> {
  const runs = (await lastRuns(db, job, 20)).filter((r) => r.status !== 'skipped');
  const last = runs[0] ?? null;
  let consecutiveFailures = 0;
  let failingSince: string | null = null;
  for (const r of runs) {
    // A killed run (SIGKILL, OOM) failed as surely as one that reported its error.
    if (r.status !== 'failed' && r.status !== 'killed') break;
    consecutiveFailures++;
    failingSince = r.started_at;
  }
  const overdue = last !== null && now.getTime() - Date.parse(last.started_at) > everyHours * 1.5 * HOUR_MS;
  return {
    job,
    expectedEveryHours: everyHours,
    lastRun: last ? runJson(last) : null,
    lastSuccessAt: await lastSuccess(db, job),
    consecutiveFailures,
    failingSince,
    overdue,
    healthy: consecutiveFailures < FAILURES_TO_ALERT && !overdue,
  };
}

/** Health of every enabled source: paused, or stale when silent too long. */
export async function sourceStatuses(
  db: Database,
  config: Config,
  sources: Source[],
  now: Date,
): Promise<SourceStatus[]> {
  const health = new Map((await listHealth(db)).map((h) => [h.id, h]));
  return sources
    .filter((s) => s.enabled)
    .map((s): SourceStatus => {
      const h = health.get(s.id);
      const paused = pausedUntil(h, now);
      // A source that answers but never brings anything is as stale as one that stopped.
      const since = h?.last_new_at ?? h?.first_success_at ?? null;
      const stale = since !== null && silence(since, now, s.kind === 'arxiv') > config.schedule.sourceStaleDays;
      return {
        id: s.id,
        kind: s.kind,
        configured: true,
        consecutiveFailures: h?.consecutive_failures ?? 0,
        lastError: h?.last_error ?? null,
        lastSuccessAt: h?.last_success_at ?? null,
        lastNewAt: h?.last_new_at ?? null,
        silentSince: since,
        pausedUntil: paused,
        stale,
        healthy: !paused && !stale,
      };
    });
}

/**
 * Sources outside the config that hold events (the `sample:*` sources after `fetch --offline`,
 * or ones dropped from the config): the record rests on them, so `status` lists them, but no
 * schedule fetches them, so their silence is no problem.
 */
async function unconfiguredSources(db: Database, configured: Source[]): Promise<SourceStatus[]> {
  const ids = new Set(configured.map((s) => s.id));
  return (await sourcesHoldingEvents(db))
    .filter((h) => !ids.has(h.id))
    .map((h) => ({
      id: h.id,
      kind: h.kind,
      configured: false,
      consecutiveFailures: h.consecutive_failures,
      lastError: h.last_error,
      lastSuccessAt: h.last_success_at,
      lastNewAt: h.last_new_at,
      silentSince: h.last_new_at ?? h.first_success_at,
      pausedUntil: null,
      stale: false,
      healthy: true,
    }));
}

/** Why a source is stale, in words: silent since its last news, or never any news at all. */
export function staleWords(s: SourceStatus): string {
  return s.lastNewAt ? `nothing new since ${s.lastNewAt}` : `answering since ${s.silentSince}, nothing new yet`;
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
