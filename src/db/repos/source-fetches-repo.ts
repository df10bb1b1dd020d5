import type { Selectable } from 'kysely';
import type { Database } from '../database.js';
import type { SourceFetchesTable } from '../schema.js';

export type SourceFetchRow = Omit<Selectable<SourceFetchesTable>, 'id'>;

/** Rows per insert: well under every dialect's limit on bound parameters. */
const CHUNK = 500;

/** Records one fetch run's outcome per source, in one transaction. */
export async function recordFetches(handle: Database, rows: SourceFetchRow[]): Promise<void> {
  if (rows.length === 0) return;
  await handle.writeTransaction(async (trx) => {
    for (let i = 0; i < rows.length; i += CHUNK)
      await trx
        .insertInto('source_fetches')
        .values(rows.slice(i, i + CHUNK))
        .execute();
  });
}

export interface SourceWeek {
  /** The last fetch before the end, when any: the source's health at that moment. */
  last: SourceFetchRow | null;
  /** Fetches (paused skips not counted) and failures in [from, end). */
  fetches: number;
  failures: number;
  /** When it last stored something new before the end. */
  lastNewAt: string | null;
}

/** How each source fared in [from, end), and where it stood at `end`, from the fetch history. */
export async function sourceWeeks(handle: Database, from: string, end: string): Promise<Map<string, SourceWeek>> {
  const out = new Map<string, SourceWeek>();
  const entry = (id: string) => {
    let w = out.get(id);
    if (!w) out.set(id, (w = { last: null, fetches: 0, failures: 0, lastNewAt: null }));
    return w;
  };
  const lasts = await handle.db
    .selectFrom('source_fetches as f')
    .selectAll('f')
    .where('f.id', '=', (eb) =>
      eb
        .selectFrom('source_fetches as g')
        .select('g.id')
        .whereRef('g.source_id', '=', 'f.source_id')
        .where('g.at', '<', end)
        .orderBy('g.at', 'desc')
        .orderBy('g.id', 'desc')
        .limit(1),
    )
    .execute();
  for (const { id: _id, ...row } of lasts) entry(row.source_id).last = row;
  const counts = await handle.db
    .selectFrom('source_fetches')
    .select((eb) => [
      'source_id',
      eb.fn.countAll<number>().as('fetches'),
      eb.fn.countAll<number>().filterWhere('status', '=', 'failed').as('failures'),
    ])
    .where('at', '>=', from)
    .where('at', '<', end)
    .where('status', '!=', 'paused')
    .groupBy('source_id')
    .execute();
  for (const c of counts)
    Object.assign(entry(c.source_id), { fetches: Number(c.fetches), failures: Number(c.failures) });
  const news = await handle.db
    .selectFrom('source_fetches')
    .select((eb) => ['source_id', eb.fn.max('at').as('at')])
    .where('new_items', '>', 0)
    .where('at', '<', end)
    .groupBy('source_id')
    .execute();
  for (const n of news) entry(n.source_id).lastNewAt = n.at;
  return out;
}
