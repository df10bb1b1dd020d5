import type { BudgetConfig } from '../config/config.js';

/** What the ledger holds against the limits: settled costs plus open reservations. */
export interface Committed {
  dayUsd: number;
  /** Only read when a monthly limit is set. */
  monthUsd: number;
}

/**
 * The one rule for "does a call fit", used by every reservation and by `budget`/`status`
 * alike so they can never disagree: the call's worst case added to what is committed today
 * (and this month) must stay within the hard (and monthly) limit. Returns the limit that
 * refuses it, or null when it fits.
 */
export function refusingLimit(
  committed: Committed,
  worstUsd: number,
  budget: Pick<BudgetConfig, 'hardLimitUsd' | 'monthlyLimitUsd'>,
): 'daily' | 'monthly' | null {
  if (!fits(committed.dayUsd, worstUsd, budget.hardLimitUsd)) return 'daily';
  if (budget.monthlyLimitUsd !== null && !fits(committed.monthUsd, worstUsd, budget.monthlyLimitUsd)) return 'monthly';
  return null;
}

// A hair of tolerance: sums of float costs must not refuse a call that fits exactly.
function fits(committedUsd: number, worstUsd: number, limitUsd: number): boolean {
  return committedUsd + worstUsd <= limitUsd + 1e-12;
}
