import type { Database } from '../database.js';

/**
 * Holds a claimed event back from the model under config `filters` (status `filtered`, with
 * the reason and the filters' fingerprint). An `ok` analysis (a forced re-run) stays as it was.
 */
export async function markFiltered(
  handle: Database,
  id: number,
  reason: string,
  filtersHash: string,
  at: string,
): Promise<void> {
  await handle.writeTransaction(async (trx) => {
    await trx
      .updateTable('analyses')
      .set({
        status: 'filtered',
        error: reason.slice(0, 500),
        filters_hash: filtersHash,
        lease_until: null,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('status', '!=', 'ok')
      .execute();
    await trx.updateTable('analyses').set({ lease_until: null }).where('id', '=', id).execute();
  });
}

/**
 * Events held back by other filters than today's go back in line (their rows are dropped, so
 * the next claim checks them against the current filters). Returns how many.
 */
export async function requeueStaleFiltered(
  handle: Database,
  scope: { provider: string; model: string; promptVersion: string },
  filtersHash: string | null,
): Promise<number> {
  const result = await handle.db
    .deleteFrom('analyses')
    .where('status', '=', 'filtered')
    .where('provider', '=', scope.provider)
    .where('model', '=', scope.model)
    .where('prompt_version', '=', scope.promptVersion)
    .where((eb) =>
      filtersHash === null
        ? eb.lit(true)
        : eb.or([eb('filters_hash', 'is', null), eb('filters_hash', '!=', filtersHash)]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** How many events the current filters hold back from this provider + model + prompt version. */
export async function countFiltered(
  handle: Database,
  scope: { provider: string; model: string; promptVersion: string },
): Promise<number> {
  const row = await handle.db
    .selectFrom('analyses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'filtered')
    .where('provider', '=', scope.provider)
    .where('model', '=', scope.model)
    .where('prompt_version', '=', scope.promptVersion)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
