import { hostname } from 'node:os';
import type { Database } from '../db/open-database.js';
import { markKilled, runningRuns } from '../db/repos/job-runs-repo.js';
import { isAlive } from './process-alive.js';

/**
 * Closes, as `killed`, every job run left `running` by a process that is provably gone: a
 * dead pid on this host, or (any host) a lease that stopped being renewed. Called as every
 * job starts, so a SIGKILL, an OOM kill or a power cut never leaves a run open for ever —
 * whether or not a lock ever pointed at it (`analyze` takes none). Returns how many it closed.
 */
export async function closeDeadRuns(db: Database, now: Date): Promise<number> {
  const host = hostname();
  let closed = 0;
  for (const run of await runningRuns(db)) {
    if (run.pid === process.pid && run.host === host) continue; // ours, this very process
    let why: string | null = null;
    if (run.host === host && !isAlive(run.pid)) why = `process ${run.pid} on ${run.host} died before finishing`;
    else if (run.lease_until !== null && Date.parse(run.lease_until) <= now.getTime())
      why = `process ${run.pid} on ${run.host} stopped renewing its lease at ${run.lease_until}`;
    if (why) {
      await markKilled(db, run.id, now.toISOString(), why);
      closed++;
    }
  }
  return closed;
}
