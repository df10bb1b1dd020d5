import { type Selectable, sql } from 'kysely';
import type { Database, Executor } from '../database.js';
import { preparedQuery } from '../prepared-query.js';
import type { LlmCallsTable } from '../schema.js';

export type LlmCallRow = Selectable<LlmCallsTable>;

// What a settled row cost. Settling keeps every cost within [0, its reservation]; a row
// outside it (written by an older version or by hand) counts at its reservation, so no
// ledger content can lower the total or crash a reader. Plain CASE: the same on every dialect.
const RESERVED = sql<number>`case when reserved_usd > 0 then reserved_usd else 0 end`;
const SETTLED = sql<number>`case when cost_usd >= 0 and cost_usd <= reserved_usd then cost_usd else ${RESERVED} end`;
// What a row costs right now: settled at its cost, an open reservation at its worst case
// (an expired one too: its process died and the provider may have billed it).
const COST = sql<number>`case when state = 'settled' then ${SETTLED}
                              when state = 'reserved' then ${RESERVED} else 0 end`;
const TOTAL_COST = sql<number>`coalesce(sum(${COST}), 0)`;

export interface ReserveRequest {
  now: string;
  day: string;
  monthStart: string;
  model: string;
  worstUsd: number;
  /** The worst case of the smallest possible call: when even that is refused, nothing fits. */
  smallestWorstUsd: number;
  leaseUntil: string;
  monthlyLimitUsd: number | null;
  eventId: number | null;
  jobRunId: number | null;
  pid: number;
  host: string;
}

export type ReserveResult =
  | { admitted: true; id: number; dayTotalUsd: number }
  | {
      admitted: false;
      limit: 'daily' | 'monthly';
      dayTotalUsd: number;
      /** Not even the smallest possible call fits now: the budget is exhausted. */
      noCallFits: boolean;
      /** This call would not fit even with nothing spent: it can never be made. */
      neverFits: boolean;
    };

/** The budget rule (llm/budget-rule.ts), passed in so the ledger and `budget` share one. */
export type RefusingLimit = (
  committed: { dayUsd: number; monthUsd: number },
  worstUsd: number,
) => 'daily' | 'monthly' | null;

// The reservation's statements run once per LLM call: compiled once (prepared-query.ts).
const settleExpired = preparedQuery((p: { now: string }, db) =>
  db
    .updateTable('llm_calls')
    .set((eb) => ({
      state: 'settled',
      cost_usd: eb.ref('reserved_usd'),
      settled_at: p.now,
      note: 'lease expired: settled at its worst case',
    }))
    .where('state', '=', 'reserved')
    .where('lease_until', '<', p.now),
);
const spentFrom = preparedQuery((p: { from: string; to: string }, db) =>
  db.selectFrom('llm_calls').select(TOTAL_COST.as('total')).where('day', '>=', p.from).where('day', '<=', p.to),
);
const insertReservation = preparedQuery(
  (
    p: Pick<
      ReserveRequest,
      'now' | 'day' | 'model' | 'worstUsd' | 'leaseUntil' | 'eventId' | 'jobRunId' | 'pid' | 'host'
    >,
    db,
  ) =>
    db
      .insertInto('llm_calls')
      .values({
        at: p.now,
        day: p.day,
        model: p.model,
        state: 'reserved',
        reserved_usd: p.worstUsd,
        cost_usd: 0,
        lease_until: p.leaseUntil,
        event_id: p.eventId,
        job_run_id: p.jobRunId,
        pid: p.pid,
        host: p.host,
      })
      .returning('id'),
);

async function spent(db: Executor, from: string, to: string): Promise<number> {
  const { rows } = await spentFrom(db, { from, to });
  return rows[0]?.total ?? 0;
}

/**
 * Admits a call only if the budget rule lets its worst case join today's settled spend and
 * open reservations (and the month's), in one write-locked transaction: concurrent
 * processes are serialised here, so together they cannot pass the limits.
 */
export function reserveCall(handle: Database, r: ReserveRequest, refusing: RefusingLimit): Promise<ReserveResult> {
  return handle.writeTransaction(async (trx): Promise<ReserveResult> => {
    await settleExpired(trx, { now: r.now });
    const today = await spent(trx, r.day, r.day);
    const committed = {
      dayUsd: today,
      monthUsd: r.monthlyLimitUsd === null ? 0 : await spent(trx, r.monthStart, r.day),
    };
    const limit = refusing(committed, r.worstUsd);
    if (limit) {
      return {
        admitted: false,
        limit,
        dayTotalUsd: today,
        noCallFits: refusing(committed, r.smallestWorstUsd) !== null,
        neverFits: refusing({ dayUsd: 0, monthUsd: 0 }, r.worstUsd) !== null,
      };
    }
    const { rows } = await insertReservation(trx, r);
    const id = rows[0]?.id;
    if (id === undefined) throw new Error('the reservation insert returned no id');
    return { admitted: true, id, dayTotalUsd: today + r.worstUsd };
  });
}

export interface Usage {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
}

export interface Settle {
  costUsd: number;
  usage: Usage | null;
  at: string;
  note: string | null;
  /** Why the endpoint's usage was not believed; `budget` lists these. */
  anomaly: string | null;
}

const settle = preparedQuery(
  (
    p: {
      id: number;
      cost: number;
      input: number | null;
      cached: number | null;
      output: number | null;
      at: string;
      note: string | null;
      anomaly: string | null;
    },
    db,
  ) =>
    db
      .updateTable('llm_calls')
      .set({
        state: 'settled',
        // Held within [0, reserved] here too, whatever the caller passes. The cast types the
        // parameter for PostgreSQL, which would otherwise read it as an integer (from `< 0`).
        cost_usd: sql<number>`case when cast(${p.cost} as double precision) < 0 then 0
          when cast(${p.cost} as double precision) > reserved_usd then reserved_usd
          else cast(${p.cost} as double precision) end`,
        input_tokens: p.input,
        cached_tokens: p.cached,
        output_tokens: p.output,
        settled_at: p.at,
        note: p.note,
        anomaly: p.anomaly,
      })
      .where('id', '=', p.id)
      .where('state', '=', 'reserved'),
);

/** Settles an open reservation; the cost is held within [0, reserved] here too, whatever the caller passes. */
export async function settleCall(handle: Pick<Database, 'db'>, id: number, s: Settle): Promise<void> {
  const cost = Number.isFinite(s.costUsd) ? s.costUsd : Number.MAX_VALUE;
  await settle(handle.db, {
    id,
    cost,
    input: s.usage?.inputTokens ?? null,
    cached: s.usage?.cachedTokens ?? null,
    output: s.usage?.outputTokens ?? null,
    at: s.at,
    note: s.note,
    anomaly: s.anomaly,
  });
}

export async function releaseCall(handle: Pick<Database, 'db'>, id: number, at: string, note: string): Promise<void> {
  await handle.db
    .updateTable('llm_calls')
    .set({ state: 'released', cost_usd: 0, settled_at: at, note })
    .where('id', '=', id)
    .where('state', '=', 'reserved')
    .execute();
}

export interface DayTotals {
  settledUsd: number;
  reservedUsd: number;
  calls: number;
}

/** Today as `budget` shows it: settled (plus expired reservations, as reserveCall will settle them) and open. */
export async function dayTotals(handle: Database, day: string, now: string): Promise<DayTotals> {
  const row = await handle.db
    .selectFrom('llm_calls')
    .select((eb) => [
      sql<number>`coalesce(sum(case when state = 'settled' then ${SETTLED}
                                    when state = 'reserved' and lease_until < ${now} then ${RESERVED}
                                    else 0 end), 0)`.as('settled'),
      sql<number>`coalesce(sum(case when state = 'reserved' and lease_until >= ${now} then ${RESERVED}
                                    else 0 end), 0)`.as('reserved'),
      eb.fn.countAll<number>().filterWhere('state', '!=', 'released').as('calls'),
    ])
    .where('day', '=', day)
    .executeTakeFirstOrThrow();
  return { settledUsd: row.settled, reservedUsd: row.reserved, calls: Number(row.calls) };
}

export function spentBetween(handle: Database, fromDay: string, toDay: string): Promise<number> {
  return spent(handle.db, fromDay, toDay);
}

export async function spendByModel(
  handle: Database,
  fromDay: string,
  toDay: string,
): Promise<{ model: string; calls: number; spentUsd: number }[]> {
  const rows = await handle.db
    .selectFrom('llm_calls')
    .select((eb) => ['model', eb.fn.countAll<number>().as('calls'), TOTAL_COST.as('spentUsd')])
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .where('state', '!=', 'released')
    .groupBy('model')
    .orderBy('spentUsd', 'desc')
    .orderBy('model')
    .execute();
  return rows.map((r) => ({ model: r.model, calls: Number(r.calls), spentUsd: r.spentUsd }));
}

/**
 * Per model, the spend on calls made for events (analyses: retries and invalid answers
 * included; eval and digest calls, which have no event, left out) and how many distinct
 * events they were for: spend ÷ events is the measured cost of an analysed event.
 */
export async function eventSpendByModel(
  handle: Database,
  fromDay: string,
  toDay: string,
): Promise<{ model: string; events: number; spentUsd: number }[]> {
  const rows = await handle.db
    .selectFrom('llm_calls')
    .select((eb) => ['model', eb.fn.count<number>('event_id').distinct().as('events'), TOTAL_COST.as('spentUsd')])
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .where('state', '!=', 'released')
    .where('event_id', 'is not', null)
    .groupBy('model')
    .orderBy('model')
    .execute();
  return rows.map((r) => ({ model: r.model, events: Number(r.events), spentUsd: r.spentUsd }));
}

export async function spendByDay(
  handle: Database,
  fromDay: string,
  toDay: string,
): Promise<{ date: string; spentUsd: number; calls: number }[]> {
  const rows = await handle.db
    .selectFrom('llm_calls')
    .select((eb) => [
      'day as date',
      TOTAL_COST.as('spentUsd'),
      eb.fn.countAll<number>().filterWhere('state', '!=', 'released').as('calls'),
    ])
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy('day')
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ date: r.date, spentUsd: r.spentUsd, calls: Number(r.calls) }));
}

export function recentCalls(handle: Database, limit: number): Promise<(LlmCallRow & { counted_usd: number })[]> {
  return handle.db
    .selectFrom('llm_calls')
    .selectAll()
    .select(SETTLED.as('counted_usd'))
    .where('state', '=', 'settled')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Calls whose reported usage was not believed, newest first (shown by `budget`). */
export function anomalousCalls(
  handle: Database,
  fromDay: string,
  limit: number,
): Promise<(LlmCallRow & { counted_usd: number })[]> {
  return handle.db
    .selectFrom('llm_calls')
    .selectAll()
    .select(SETTLED.as('counted_usd'))
    .where('anomaly', 'is not', null)
    .where('day', '>=', fromDay)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Records a once-a-day notice; true the first time only (e.g. the budget warning). */
export async function noteOnce(handle: Database, day: string, kind: string, at: string): Promise<boolean> {
  const result = await handle.db
    .insertInto('notices')
    .values({ day, kind, at })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n;
}
