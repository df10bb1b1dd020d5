import type { Config } from '../config/config.js';
import { DAY_MS } from '../core/durations.js';
import { roundMicroUsd, roundTo } from '../core/rounding.js';
import {
  anomalousCalls,
  dayTotals,
  eventSpendByModel,
  recentCalls,
  spendByDay,
  spendByModel,
  spentBetween,
} from '../db/repos/llm-calls-repo.js';
import type { Database } from '../db/open-database.js';
import { type OpenBatchSummary, openBatchSummaries } from '../db/repos/llm-batches-repo.js';
import { refusingLimit } from './budget-rule.js';
import type { Price } from '../core/types.js';
import { callBound, priceOf } from './pricing.js';

export type BudgetStatus = 'ok' | 'warning' | 'exceeded';

export interface BudgetReport {
  today: {
    date: string;
    spentUsd: number;
    reservedUsd: number;
    warningUsd: number;
    hardLimitUsd: number;
    status: BudgetStatus;
    /** Which limit leaves no room for a call, when status is exceeded. */
    exceededLimit: 'daily' | 'monthly' | null;
    resetsInSeconds: number;
  };
  month: {
    spentUsd: number;
    projectedUsd: number;
    limitUsd: number | null;
    /** Spend on event calls ÷ the events they analysed, month to date (null: none analysed). */
    costPerEventUsd: number | null;
  };
  /** Month to date; `events` and `costPerEventUsd` count the calls made for events only. */
  byModel: { model: string; calls: number; spentUsd: number; events: number; costPerEventUsd: number | null }[];
  recent: {
    at: string;
    model: string;
    inputTokens: number | null;
    cachedTokens: number | null;
    outputTokens: number | null;
    costUsd: number;
  }[];
  /** Calls of the last 30 days whose reported usage was not believed (settled at the worst case). */
  anomalies: { at: string; model: string; eventId: number | null; costUsd: number; anomaly: string }[];
  days: { date: string; spentUsd: number; calls: number }[];
  /** Batches (`analyze --batch`) whose results are awaited, with what their open requests hold reserved. */
  openBatches: OpenBatchSummary[];
}

export const ANOMALY_DAYS = 30;

/**
 * The spend as the ledger has it (reads only `llm_calls`). `exceeded` once no call of the
 * configured model fits, by the same rule every reservation is judged by (budget-rule.ts):
 * `smallestCallBytes` is the prompt size of the smallest possible call, so its worst case
 * is the least any call can reserve.
 */
export async function budgetReport(
  db: Database,
  config: Config,
  now: Date,
  days: number,
  smallestCallBytes: number,
): Promise<BudgetReport> {
  const iso = now.toISOString();
  const date = iso.slice(0, 10);
  const totals = await dayTotals(db, date, iso);
  const used = totals.settledUsd + totals.reservedUsd;
  const { dailyWarningUsd, hardLimitUsd, monthlyLimitUsd } = config.budget;
  const monthStart = `${date.slice(0, 7)}-01`;
  const monthSpent = await spentBetween(db, monthStart, date);

  const price = safePrice(config);
  const smallest = price ? callBound(price, smallestCallBytes, 2, config.llm.maxOutputTokens).worstUsd : 0;
  const exceededLimit = refusingLimit({ dayUsd: used, monthUsd: monthSpent }, smallest, config.budget);
  const status: BudgetStatus = exceededLimit ? 'exceeded' : used >= dailyWarningUsd ? 'warning' : 'ok';

  const perEvent = await eventSpendByModel(db, monthStart, date);
  const events = perEvent.reduce((n, m) => n + m.events, 0);
  const eventSpend = perEvent.reduce((n, m) => n + m.spentUsd, 0);

  const dayOfMonth = now.getUTCDate();
  const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  const elapsedDays = dayOfMonth - 1 + (now.getTime() - Date.parse(`${date}T00:00:00Z`)) / DAY_MS;
  const nextMidnight = Date.parse(`${date}T00:00:00Z`) + DAY_MS;
  const fromDay = new Date(now.getTime() - Math.max(0, days - 1) * DAY_MS).toISOString().slice(0, 10);
  const anomaliesFrom = new Date(now.getTime() - (ANOMALY_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);

  return {
    today: {
      date,
      spentUsd: round(totals.settledUsd),
      reservedUsd: round(totals.reservedUsd),
      warningUsd: dailyWarningUsd,
      hardLimitUsd,
      status,
      exceededLimit,
      resetsInSeconds: Math.ceil((nextMidnight - now.getTime()) / 1000),
    },
    month: {
      spentUsd: round(monthSpent),
      projectedUsd: round(elapsedDays > 0 ? (monthSpent / elapsedDays) * daysInMonth : monthSpent),
      limitUsd: monthlyLimitUsd,
      costPerEventUsd: events > 0 ? nanoUsd(eventSpend / events) : null,
    },
    byModel: (await spendByModel(db, monthStart, date)).map((m) => {
      const e = perEvent.find((p) => p.model === m.model);
      return {
        ...m,
        spentUsd: round(m.spentUsd),
        events: e?.events ?? 0,
        costPerEventUsd: e && e.events > 0 ? nanoUsd(e.spentUsd / e.events) : null,
      };
    }),
    recent: (await recentCalls(db, 20)).map((c) => ({
      at: c.at,
      model: c.model,
      inputTokens: count(c.input_tokens),
      cachedTokens: count(c.cached_tokens),
      outputTokens: count(c.output_tokens),
      costUsd: round(c.counted_usd),
    })),
    anomalies: (await anomalousCalls(db, anomaliesFrom, 20)).map((c) => ({
      at: c.at,
      model: c.model,
      eventId: c.event_id,
      costUsd: round(c.counted_usd),
      anomaly: String(c.anomaly),
    })),
    days: days > 0 ? (await spendByDay(db, fromDay, date)).map((d) => ({ ...d, spentUsd: round(d.spentUsd) })) : [],
    openBatches: (await openBatchSummaries(db)).map((b) => ({ ...b, reservedUsd: round(b.reservedUsd) })),
  };
}

function safePrice(config: Config): Price | null {
  try {
    return priceOf(config.llm.model, config.pricing);
  } catch {
    return null;
  }
}

/** Whatever a row holds, a report shows a finite number (JSON has no Infinity or NaN). */
function round(usd: unknown): number {
  if (typeof usd !== 'number' || Number.isNaN(usd) || usd === -Infinity) return 0;
  if (usd === Infinity) return Number.MAX_VALUE;
  return Math.abs(usd) < 1e9 ? roundMicroUsd(usd) : usd;
}

/** A cost per event is a fraction of a cent: kept to the nano-dollar, not the ledger's micro-dollar. */
function nanoUsd(usd: number): number {
  return Number.isFinite(usd) ? roundTo(usd, 9) : 0;
}

function count(n: unknown): number | null {
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}
