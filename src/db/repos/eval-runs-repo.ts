import type { Insertable, Selectable } from 'kysely';
import type { Database } from '../database.js';
import type { EvalRunsTable } from '../schema.js';

export type EvalRunRow = Selectable<EvalRunsTable>;

/** Stores one `analyze eval` run; returns its id. */
export async function recordEvalRun(handle: Database, row: Insertable<EvalRunsTable>): Promise<number> {
  const inserted = await handle.db.insertInto('eval_runs').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

/**
 * Stored eval runs grouped by (model, prompt version), each group's runs oldest first, so a
 * reader sees how a prompt or model change moved the scores; at most `limit` runs, the newest.
 */
export async function evalHistory(handle: Database, options: { model?: string; limit: number }): Promise<EvalRunRow[]> {
  let query = handle.db.selectFrom('eval_runs').selectAll();
  if (options.model !== undefined) query = query.where('model', '=', options.model);
  const newest = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  return newest.sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      a.prompt_version.localeCompare(b.prompt_version) ||
      a.at.localeCompare(b.at) ||
      Number(a.id) - Number(b.id),
  );
}
