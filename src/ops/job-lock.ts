import { hostname } from 'node:os';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/open-database.js';
import { acquireLock, type LockRow, releaseLock, renewLock, setLockRun } from '../db/repos/locks-repo.js';
import { isAlive } from './process-alive.js';

/** The writing jobs that run under a lock (`analyze` claims events one by one instead). */
export const LOCKED_JOBS = ['fetch', 'snapshot', 'digest', 'cleanup'] as const;

export interface HeldLock {
  job: string;
  setRun(runId: number): Promise<void>;
  release(): Promise<void>;
}

/**
 * A lease on a job: taken over at once when its holder is a dead process on this host,
 * or anywhere once the lease expired; renewed while the job runs.
 */
export async function takeJobLock(handle: Database, job: string, now: Date, leaseMs: number): Promise<HeldLock> {
  const pid = process.pid;
  const host = hostname();
  const result = await acquireLock(
    handle,
    {
      job,
      pid,
      host,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + leaseMs).toISOString(),
    },
    (holder) => isStale(holder, host, now),
  );
  if (!result.acquired) {
    const h = result.holder;
    throw new AppError('locked', `another ${job} is running (pid ${h.pid} on ${h.host}, since ${h.acquired_at})`);
  }

  // Renew on real time: the lease must outlive a long run, whatever the injected clock says.
  const timer = setInterval(
    () => {
      // A renewal that fails (the database busy for a moment) is tried again at the next tick.
      renewLock(handle, job, pid, host, new Date(Date.now() + leaseMs).toISOString()).catch(() => {});
    },
    Math.max(1000, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return {
    job,
    setRun: (runId) => setLockRun(handle, job, pid, runId),
    release: async () => {
      clearInterval(timer);
      await releaseLock(handle, job, pid, host);
    },
  };
}

function isStale(holder: LockRow, host: string, now: Date): boolean {
  if (Date.parse(holder.expires_at) <= now.getTime()) return true;
  return holder.host === host && !isAlive(holder.pid);
}
