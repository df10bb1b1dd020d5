import type { Database } from '../open-database.js';
import type { LocksTable } from '../schema.js';

export type LockRow = LocksTable;

export type AcquireResult =
  | { acquired: true; tookOver: LockRow | null }
  | { acquired: false; holder: LockRow };

/**
 * Takes the job's lease in one BEGIN IMMEDIATE transaction, so two processes can never both
 * win. An existing lease is taken over when `isStale` says its holder is gone.
 */
export function acquireLock(
  handle: Database,
  want: { job: string; pid: number; host: string; now: string; expiresAt: string },
  isStale: (holder: LockRow) => boolean,
): AcquireResult {
  const select = handle.prepare('select * from locks where job = ?');
  const upsert = handle.prepare(
    `insert into locks (job, pid, host, run_id, acquired_at, expires_at) values (?, ?, ?, null, ?, ?)
     on conflict(job) do update set pid = excluded.pid, host = excluded.host, run_id = null,
       acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
  );
  return handle.raw
    .transaction((): AcquireResult => {
      const holder = select.get(want.job) as LockRow | undefined;
      if (holder && !isStale(holder)) return { acquired: false, holder };
      upsert.run(want.job, want.pid, want.host, want.now, want.expiresAt);
      return { acquired: true, tookOver: holder ?? null };
    })
    .immediate();
}

export function setLockRun(handle: Database, job: string, pid: number, runId: number): void {
  handle.prepare('update locks set run_id = ? where job = ? and pid = ?').run(runId, job, pid);
}

export function renewLock(
  handle: Database,
  job: string,
  pid: number,
  host: string,
  expiresAt: string,
): boolean {
  const info = handle
    .prepare('update locks set expires_at = ? where job = ? and pid = ? and host = ?')
    .run(expiresAt, job, pid, host);
  return info.changes === 1;
}

export function releaseLock(handle: Database, job: string, pid: number, host: string): void {
  handle
    .prepare('delete from locks where job = ? and pid = ? and host = ?')
    .run(job, pid, host);
}

export function listLocks(handle: Database): LockRow[] {
  return handle.prepare('select * from locks order by job').all() as LockRow[];
}

/** Releases a job's lock whoever holds it (`locks --release`, for an operator who knows). */
export function releaseJobLock(handle: Database, job: string): boolean {
  return handle.prepare('delete from locks where job = ?').run(job).changes === 1;
}
