import type { Config } from '../config/config.js';
import { DAY_MS } from '../core/clock.js';
import { dayTotals, recentCalls, spendByDay, spendByModel, spentBetween } from '../db/repos/llm-calls-repo.js';
import type { Database } from '../db/open-database.js';
import { type Price, priceOf, worstCaseUsd } from './pricing.js';

export type BudgetStatus = 'ok' | 'warning' | 'exceeded';

export interface BudgetReport {
  today: {
    date: string;
    spentUsd: number;
    reservedUsd: number;
    warningUsd: number;
    hardLimitUsd: number;
    status: BudgetStatus;
    resetsInSeconds: number;
  };
  month: { spentUsd: number; projectedUsd: number };
  byModel: { model: string; calls: number; spentUsd: number }[];
  recent: { at: string; model: string; inputTokens: number | null; cachedTokens: number | null; outputTokens: number | null; costUsd: number }[];
  days: { date: string; spentUsd: number; calls: number }[];
}

/**
 * The spend as the ledger has it (reads only `llm_calls`). `exceeded` once no call of the
 * configured model fits under the hard limit: `smallestCallBytes` is the prompt size of the
 * smallest possible call, so its worst case is the least any call can reserve.
 */
export function budgetReport(db: Database, config: Config, now: Date, days: number, smallestCallBytes: number): BudgetReport {
  const iso = now.toISOString();
  const date = iso.slice(0, 10);
  const totals = dayTotals(db, date, iso);
  const used = totals.settledUsd + totals.reservedUsd;
  const { dailyWarningUsd, hardLimitUsd } = config.budget;
  const price = safePrice(config);
  const smallest = price ? worstCaseUsd(price, smallestCallBytes, 2, config.llm.maxOutputTokens) : 0;
  const status: BudgetStatus = used + smallest > hardLimitUsd + 1e-12 ? 'exceeded' : used >= dailyWarningUsd ? 'warning' : 'ok';

  const monthStart = `${date.slice(0, 7)}-01`;
  const monthSpent = spentBetween(db, monthStart, date);
  const dayOfMonth = now.getUTCDate();
  const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  const elapsedDays = dayOfMonth - 1 + (now.getTime() - Date.parse(`${date}T00:00:00Z`)) / DAY_MS;
  const nextMidnight = Date.parse(`${date}T00:00:00Z`) + DAY_MS;
  const fromDay = new Date(now.getTime() - Math.max(0, days - 1) * DAY_MS).toISOString().slice(0, 10);

  return {
    today: {
      date,
      spentUsd: round(totals.settledUsd),
      reservedUsd: round(totals.reservedUsd),
      warningUsd: dailyWarningUsd,
      hardLimitUsd,
      status,
      resetsInSeconds: Math.ceil((nextMidnight - now.getTime()) / 1000),
    },
    month: {
      spentUsd: round(monthSpent),
      projectedUsd: round(elapsedDays > 0 ? (monthSpent / elapsedDays) * daysInMonth : monthSpent),
    },
    byModel: spendByModel(db, monthStart, date).map((m) => ({ ...m, spentUsd: round(m.spentUsd) })),
    recent: recentCalls(db, 20).map((c) => ({
      at: c.at,
      model: c.model,
      inputTokens: c.input_tokens,
      cachedTokens: c.cached_tokens,
      outputTokens: c.output_tokens,
      costUsd: round(c.cost_usd),
    })),
    days: days > 0 ? spendByDay(db, fromDay, date).map((d) => ({ ...d, spentUsd: round(d.spentUsd) })) : [],
  };
}

function safePrice(config: Config): Price | null {
  try {
    return priceOf(config.llm.model, config.pricing);
  } catch {
    return null;
  }
}

function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
