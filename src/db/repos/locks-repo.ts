import type { Selectable } from 'kysely';
import type { Database } from '../database.js';
import type { LocksTable } from '../schema.js';

export type LockRow = Selectable<LocksTable>;

export type AcquireResult = { acquired: true; tookOver: LockRow | null } | { acquired: false; holder: LockRow };

/**
 * Takes the job's lease in one write-locked transaction, so two processes can never both
 * win. An existing lease is taken over when `isStale` says its holder is gone.
 */
export function acquireLock(
  handle: Database,
  want: { job: string; pid: number; host: string; now: string; expiresAt: string },
  isStale: (holder: LockRow) => boolean,
): Promise<AcquireResult> {
  return handle.writeTransaction(async (trx): Promise<AcquireResult> => {
    const holder = await trx.selectFrom('locks').selectAll().where('job', '=', want.job).executeTakeFirst();
    if (holder && !isStale(holder)) return { acquired: false, holder };
    await trx
      .insertInto('locks')
      .values({
        job: want.job,
        pid: want.pid,
        host: want.host,
        run_id: null,
        acquired_at: want.now,
        expires_at: want.expiresAt,
      })
      .onConflict((oc) =>
        oc.column('job').doUpdateSet((eb) => ({
          pid: eb.ref('excluded.pid'),
          host: eb.ref('excluded.host'),
          run_id: null,
          acquired_at: eb.ref('excluded.acquired_at'),
          expires_at: eb.ref('excluded.expires_at'),
        })),
      )
      .execute();
    return { acquired: true, tookOver: holder ?? null };
  });
}

export async function setLockRun(handle: Database, job: string, pid: number, runId: number): Promise<void> {
  await handle.db.updateTable('locks').set({ run_id: runId }).where('job', '=', job).where('pid', '=', pid).execute();
}

export async function renewLock(
  handle: Database,
  job: string,
  pid: number,
  host: string,
  expiresAt: string,
): Promise<boolean> {
  const result = await handle.db
    .updateTable('locks')
    .set({ expires_at: expiresAt })
    .where('job', '=', job)
    .where('pid', '=', pid)
    .where('host', '=', host)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function releaseLock(handle: Database, job: string, pid: number, host: string): Promise<void> {
  await handle.db.deleteFrom('locks').where('job', '=', job).where('pid', '=', pid).where('host', '=', host).execute();
}

export function listLocks(handle: Database): Promise<LockRow[]> {
  return handle.db.selectFrom('locks').selectAll().orderBy('job').execute();
}

/** Releases a job's lock whoever holds it (`locks --release`, for an operator who knows). */
export async function releaseJobLock(handle: Database, job: string): Promise<boolean> {
  const result = await handle.db.deleteFrom('locks').where('job', '=', job).executeTakeFirst();
  return result.numDeletedRows === 1n;
}
