import { hostname } from 'node:os';
import type { BudgetConfig } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { noteOnce, releaseCall, reserveCall, settleCall } from '../db/repos/llm-calls-repo.js';
import type { Database } from '../db/open-database.js';
import { refusingLimit } from './budget-rule.js';
import type { Price } from '../core/types.js';
import type { CallBound } from './pricing.js';
import { type ReportedUsage, settledCost } from './settled-cost.js';

export interface Reservation {
  id: number;
  bound: CallBound;
}

/**
 * Why a call was not admitted: the budget is exhausted, this call can never fit, or only this call
 * does not fit now.
 */
export type Refusal = { refused: 'exhausted' | 'never-fits' | 'too-large-now'; limit: 'daily' | 'monthly' };

/**
 * Money guard around every LLM call: reserve the worst case before it starts (refused when it
 * would not fit under the hard limit), settle the real cost from usage after it, release it
 * when the call was not billed. UTC days; a call belongs to the day it was reserved.
 */
export class BudgetGate {
  private readonly host = hostname();

  constructor(
    private readonly db: Database,
    private readonly budget: BudgetConfig,
    private readonly price: Price,
    private readonly model: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** How long a reservation may stay open before a later run settles it at its worst case. */
    private readonly leaseMs: number,
    private readonly jobRunId: number | null,
    /** Worst case of the smallest possible call: when even it is refused, the budget is exhausted. */
    private readonly smallestWorstUsd: number,
  ) {}

  async reserve(bound: CallBound, eventId: number | null): Promise<Reservation | null> {
    const r = await this.tryReserve(bound, eventId);
    return 'refused' in r ? null : r;
  }

  async tryReserve(bound: CallBound, eventId: number | null): Promise<Reservation | Refusal> {
    const now = this.clock();
    const iso = now.toISOString();
    const day = iso.slice(0, 10);
    const result = await reserveCall(
      this.db,
      {
        now: iso,
        day,
        monthStart: `${day.slice(0, 7)}-01`,
        model: this.model,
        worstUsd: bound.worstUsd,
        smallestWorstUsd: Math.min(this.smallestWorstUsd, bound.worstUsd),
        leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(),
        monthlyLimitUsd: this.budget.monthlyLimitUsd,
        eventId,
        jobRunId: this.jobRunId,
        pid: process.pid,
        host: this.host,
      },
      (committed, worstUsd) => refusingLimit(committed, worstUsd, this.budget),
    );
    if (!result.admitted) {
      // Exhausted first: when not even the smallest call fits, no event is to blame.
      const refused = result.noCallFits ? 'exhausted' : result.neverFits ? 'never-fits' : 'too-large-now';
      return { refused, limit: result.limit };
    }
    if (result.dayTotalUsd >= this.budget.dailyWarningUsd && (await noteOnce(this.db, day, 'budget-warning', iso))) {
      this.logger.warn(
        `LLM spend today has reached $${result.dayTotalUsd.toFixed(2)} ` +
          `(warning at $${this.budget.dailyWarningUsd}, hard limit $${this.budget.hardLimitUsd})`,
      );
    }
    return { id: result.id, bound };
  }

  /**
   * Settles from the response's usage, always within [0, the reservation]: usage that cannot
   * be believed settles at the worst case and is recorded as an anomaly; without usage, at
   * the worst case. Returns the cost.
   */
  async settle(reservation: Reservation, usage: ReportedUsage | null, note: string | null = null): Promise<number> {
    const at = this.clock().toISOString();
    if (!usage) {
      const cost = reservation.bound.worstUsd;
      await settleCall(this.db, reservation.id, {
        costUsd: cost,
        usage: null,
        at,
        note: note ?? 'no usage in the response: settled at its worst case',
        anomaly: null,
      });
      return cost;
    }
    const s = settledCost(this.price, usage, reservation.bound);
    if (s.anomaly) this.logger.warn(`LLM call ${reservation.id}: ${s.anomaly}`);
    await settleCall(this.db, reservation.id, { costUsd: s.costUsd, usage: s.usage, at, note, anomaly: s.anomaly });
    return s.costUsd;
  }

  async release(reservation: Reservation, note: string): Promise<void> {
    await releaseCall(this.db, reservation.id, this.clock().toISOString(), note);
  }
}
