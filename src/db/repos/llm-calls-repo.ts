import type { Database } from '../open-database.js';
import type { LlmCallsTable } from '../schema.js';

export type LlmCallRow = Omit<LlmCallsTable, 'id'> & { id: number };

// What a settled row cost. Settling keeps every cost within [0, its reservation]; a row
// outside it (written by an older version or by hand) counts at its reservation, so no
// ledger content can lower the total or crash a reader.
const SETTLED = `case when cost_usd >= 0 and cost_usd <= reserved_usd then cost_usd else max(reserved_usd, 0) end`;
const RESERVED = `max(reserved_usd, 0)`;
// What a row costs right now: settled at its cost, an open reservation at its worst case
// (an expired one too: its process died and the provider may have billed it).
const COST = `case when state = 'settled' then ${SETTLED} when state = 'reserved' then ${RESERVED} else 0 end`;

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
export type RefusingLimit = (committed: { dayUsd: number; monthUsd: number }, worstUsd: number) => 'daily' | 'monthly' | null;

/**
 * Admits a call only if the budget rule lets its worst case join today's settled spend and
 * open reservations (and the month's), in one BEGIN IMMEDIATE transaction: concurrent
 * processes are serialised here, so together they cannot pass the limits.
 */
export function reserveCall(handle: Database, r: ReserveRequest, refusing: RefusingLimit): ReserveResult {
  const settleExpired = handle.prepare(
    `update llm_calls set state = 'settled', cost_usd = reserved_usd, settled_at = ?,
       note = 'lease expired: settled at its worst case' where state = 'reserved' and lease_until < ?`,
  );
  const dayTotal = handle.prepare(`select coalesce(sum(${COST}), 0) from llm_calls where day = ?`).pluck();
  const monthTotal = handle.prepare(`select coalesce(sum(${COST}), 0) from llm_calls where day >= ? and day <= ?`).pluck();
  const insert = handle.prepare(
    `insert into llm_calls (at, day, model, state, reserved_usd, lease_until, event_id, job_run_id, pid, host)
     values (?, ?, ?, 'reserved', ?, ?, ?, ?, ?, ?)`,
  );
  return handle.raw
    .transaction((): ReserveResult => {
      settleExpired.run(r.now, r.now);
      const today = dayTotal.get(r.day) as number;
      const committed = { dayUsd: today, monthUsd: r.monthlyLimitUsd === null ? 0 : (monthTotal.get(r.monthStart, r.day) as number) };
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
      const info = insert.run(r.now, r.day, r.model, r.worstUsd, r.leaseUntil, r.eventId, r.jobRunId, r.pid, r.host);
      return { admitted: true, id: Number(info.lastInsertRowid), dayTotalUsd: today + r.worstUsd };
    })
    .immediate();
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

/** Settles an open reservation; the cost is held within [0, reserved] here too, whatever the caller passes. */
export function settleCall(handle: Database, id: number, s: Settle): void {
  const cost = Number.isFinite(s.costUsd) ? s.costUsd : Number.MAX_VALUE;
  handle
    .prepare(
      `update llm_calls set state = 'settled', cost_usd = min(max(?, 0), reserved_usd), input_tokens = ?, cached_tokens = ?,
         output_tokens = ?, settled_at = ?, note = ?, anomaly = ? where id = ? and state = 'reserved'`,
    )
    .run(cost, s.usage?.inputTokens ?? null, s.usage?.cachedTokens ?? null, s.usage?.outputTokens ?? null, s.at, s.note, s.anomaly, id);
}

export function releaseCall(handle: Database, id: number, at: string, note: string): void {
  handle
    .prepare(`update llm_calls set state = 'released', cost_usd = 0, settled_at = ?, note = ? where id = ? and state = 'reserved'`)
    .run(at, note, id);
}

export interface DayTotals {
  settledUsd: number;
  reservedUsd: number;
  calls: number;
}

/** Today as `budget` shows it: settled (plus expired reservations, as reserveCall will settle them) and open. */
export function dayTotals(handle: Database, day: string, now: string): DayTotals {
  const row = handle
    .prepare(
      `select coalesce(sum(case when state = 'settled' then ${SETTLED}
                                when state = 'reserved' and lease_until < @now then ${RESERVED} else 0 end), 0) as settled,
              coalesce(sum(case when state = 'reserved' and lease_until >= @now then ${RESERVED} else 0 end), 0) as reserved,
              count(*) filter (where state != 'released') as calls
       from llm_calls where day = @day`,
    )
    .get({ day, now }) as { settled: number; reserved: number; calls: number };
  return { settledUsd: row.settled, reservedUsd: row.reserved, calls: row.calls };
}

export function spentBetween(handle: Database, fromDay: string, toDay: string): number {
  return handle.prepare(`select coalesce(sum(${COST}), 0) from llm_calls where day >= ? and day <= ?`).pluck().get(fromDay, toDay) as number;
}

export function spendByModel(handle: Database, fromDay: string, toDay: string): { model: string; calls: number; spentUsd: number }[] {
  return handle
    .prepare(
      `select model, count(*) as calls, coalesce(sum(${COST}), 0) as spentUsd from llm_calls
       where day >= ? and day <= ? and state != 'released' group by model order by spentUsd desc, model`,
    )
    .all(fromDay, toDay) as { model: string; calls: number; spentUsd: number }[];
}

export function spendByDay(handle: Database, fromDay: string, toDay: string): { date: string; spentUsd: number; calls: number }[] {
  return handle
    .prepare(
      `select day as date, coalesce(sum(${COST}), 0) as spentUsd, count(*) filter (where state != 'released') as calls
       from llm_calls where day >= ? and day <= ? group by day order by day`,
    )
    .all(fromDay, toDay) as { date: string; spentUsd: number; calls: number }[];
}

export function recentCalls(handle: Database, limit: number): (LlmCallRow & { counted_usd: number })[] {
  return handle
    .prepare(`select *, ${SETTLED} as counted_usd from llm_calls where state = 'settled' order by id desc limit ?`)
    .all(limit) as (LlmCallRow & { counted_usd: number })[];
}

/** Calls whose reported usage was not believed, newest first (shown by `budget`). */
export function anomalousCalls(handle: Database, fromDay: string, limit: number): (LlmCallRow & { counted_usd: number })[] {
  return handle
    .prepare(`select *, ${SETTLED} as counted_usd from llm_calls where anomaly is not null and day >= ? order by id desc limit ?`)
    .all(fromDay, limit) as (LlmCallRow & { counted_usd: number })[];
}

/** Records a once-a-day notice; true the first time only (e.g. the budget warning). */
export function noteOnce(handle: Database, day: string, kind: string, at: string): boolean {
  return handle.prepare('insert or ignore into notices (day, kind, at) values (?, ?, ?)').run(day, kind, at).changes === 1;
}
