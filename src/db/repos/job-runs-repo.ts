import type { Database } from '../open-database.js';
import type { JobRunsTable } from '../schema.js';

export type JobStatus = 'running' | 'success' | 'partial' | 'failed' | 'skipped' | 'interrupted';

export async function startRun(
  handle: Database,
  run: { job: string; startedAt: string; pid: number; host: string; status?: JobStatus },
): Promise<number> {
  const row = await (await handle.kysely())
    .insertInto('job_runs')
    .values({
      job: run.job,
      started_at: run.startedAt,
      status: run.status ?? 'running',
      pid: run.pid,
      host: run.host,
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
  await (await handle.kysely())
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

/** A run left `running` by a process that died (SIGKILL, power loss) is marked interrupted. */
export async function closeOrphanedRuns(
  handle: Database,
  job: string,
  runId: number | null,
  at: string,
): Promise<void> {
  if (runId === null) return;
  await (await handle.kysely())
    .updateTable('job_runs')
    .set({ status: 'interrupted', finished_at: at, error: 'process died before finishing' })
    .where('id', '=', runId)
    .where('job', '=', job)
    .where('status', '=', 'running')
    .execute();
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
