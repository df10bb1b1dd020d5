import type { Database } from '../database.js';

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
export async function renewRun(handle: Database, id: number, leaseUntil: string): Promise<boolean> {
  const result = await handle.db
    .updateTable('job_runs')
    .set({ lease_until: leaseUntil })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export interface RunningRun {
  id: number;
  job: string;
  pid: number;
  host: string;
  lease_until: string | null;
}

export function runningRuns(handle: Database): Promise<RunningRun[]> {
  return handle.db
    .selectFrom('job_runs')
    .select(['id', 'job', 'pid', 'host', 'lease_until'])
    .where('status', '=', 'running')
    .execute();
}

/** Closes a run its process left `running`; only while it is still running (no race with its owner). */
export async function markKilled(handle: Database, id: number, at: string, why: string): Promise<void> {
  await handle.db
    .updateTable('job_runs')
    .set({ status: 'killed', finished_at: at, error: why })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export interface JobRunRow {
  id: number;
  job: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  counts: string | null;
  error: string | null;
}

/** The newest runs of a job (skipped ones too), newest first. */
export function lastRuns(handle: Database, job: string, limit: number): Promise<JobRunRow[]> {
  return handle.db
    .selectFrom('job_runs')
    .select(['id', 'job', 'started_at', 'finished_at', 'status', 'counts', 'error'])
    .where('job', '=', job)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function lastSuccess(handle: Database, job: string): Promise<string | null> {
  const row = await handle.db
    .selectFrom('job_runs')
    .select((eb) => eb.fn.max('started_at').as('at'))
    .where('job', '=', job)
    .where('status', '=', 'success')
    .executeTakeFirst();
  return row?.at ?? null;
}

/** When a job last started a run that did its work (success or partial) before `end`. */
export async function lastWorkingRunBefore(handle: Database, job: string, end: string): Promise<string | null> {
  const row = await handle.db
    .selectFrom('job_runs')
    .select((eb) => eb.fn.max('started_at').as('at'))
    .where('job', '=', job)
    .where('started_at', '<', end)
    .where('status', 'in', ['success', 'partial'])
    .executeTakeFirst();
  return row?.at ?? null;
}
