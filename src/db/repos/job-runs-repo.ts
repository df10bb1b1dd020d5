import type { Database } from '../open-database.js';
import type { JobRunsTable } from '../schema.js';

/** `killed`: the process died without a word (SIGKILL, OOM, power loss); found and closed by a later run. */
export type JobStatus = 'running' | 'success' | 'partial' | 'failed' | 'skipped' | 'interrupted' | 'killed';

export async function startRun(
  handle: Database,
  run: { job: string; startedAt: string; pid: number; host: string; status?: JobStatus; leaseUntil?: string },
): Promise<number> {
  const row = await handle.db
    .insertInto('job_runs')
    .values({
      job: run.job,
      started_at: run.startedAt,
      status: run.status ?? 'running',
      pid: run.pid,
      host: run.host,
      lease_until: run.leaseUntil ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishRun(
  handle: Database,
  id: number,
  result: { status: JobStatus; finishedAt: string; counts?: unknown; error?: string | null },
): Promise<void> {
  await handle.db
    .updateTable('job_runs')
    .set({
      status: result.status,
      finished_at: result.finishedAt,
      counts: result.counts === undefined ? null : JSON.stringify(result.counts),
      error: result.error ?? null,
    })
    .where('id', '=', id)
    .execute();
}

/** Extends a running run's lease; false when the row is no longer running (closed by another). */
export function renewRun(handle: Database, id: number, leaseUntil: string): boolean {
  return handle.prepare(`update job_runs set lease_until = ? where id = ? and status = 'running'`).run(leaseUntil, id).changes === 1;
}

export interface RunningRun {
  id: number;
  job: string;
  pid: number;
  host: string;
  lease_until: string | null;
}

export function runningRuns(handle: Database): RunningRun[] {
  return handle.prepare(`select id, job, pid, host, lease_until from job_runs where status = 'running'`).all() as RunningRun[];
}

/** Closes a run its process left `running`; only while it is still running (no race with its owner). */
export function markKilled(handle: Database, id: number, at: string, why: string): void {
  handle
    .prepare(`update job_runs set status = 'killed', finished_at = ?, error = ? where id = ? and status = 'running'`)
    .run(at, why, id);
}

export type JobRunRow = Pick<JobRunsTable, 'job' | 'started_at' | 'finished_at' | 'status' | 'counts' | 'error'> & { id: number };

/** The newest runs of a job (skipped ones too), newest first. */
export function lastRuns(handle: Database, job: string, limit: number): JobRunRow[] {
  return handle
    .prepare('select id, job, started_at, finished_at, status, counts, error from job_runs where job = ? order by id desc limit ?')
    .all(job, limit) as JobRunRow[];
}

export function lastSuccess(handle: Database, job: string): string | null {
  return (handle.prepare(`select max(started_at) from job_runs where job = ? and status = 'success'`).pluck().get(job) as string | null) ?? null;
}

/** When a job last started a run that did its work (success or partial) before `end`. */
export function lastWorkingRunBefore(handle: Database, job: string, end: string): string | null {
  return (
    (handle
      .prepare(`select max(started_at) from job_runs where job = ? and started_at < ? and status in ('success', 'partial')`)
      .pluck()
      .get(job, end) as string | null) ?? null
  );
}
