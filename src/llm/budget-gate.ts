import { hostname } from 'node:os';
import type { BudgetConfig } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { noteOnce, releaseCall, reserveCall, settleCall, type Usage } from '../db/repos/llm-calls-repo.js';
import type { Database } from '../db/open-database.js';
import { costUsd, type Price } from './pricing.js';

export interface Reservation {
  id: number;
  worstUsd: number;
}

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
  ) {}

  reserve(worstUsd: number, eventId: number | null): Reservation | null {
    const now = this.clock();
    const iso = now.toISOString();
    const day = iso.slice(0, 10);
    const result = reserveCall(this.db, {
      now: iso,
      day,
      monthStart: `${day.slice(0, 7)}-01`,
      model: this.model,
      worstUsd,
      leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(),
      hardLimitUsd: this.budget.hardLimitUsd,
      monthlyLimitUsd: this.budget.monthlyLimitUsd,
      eventId,
      jobRunId: this.jobRunId,
      pid: process.pid,
      host: this.host,
    });
    if (!result.admitted) return null;
    if (result.dayTotalUsd >= this.budget.dailyWarningUsd && noteOnce(this.db, day, 'budget-warning', iso)) {
      this.logger.warn(
        `LLM spend today has reached $${result.dayTotalUsd.toFixed(2)} (warning at $${this.budget.dailyWarningUsd}, hard limit $${this.budget.hardLimitUsd})`,
      );
    }
    return { id: result.id, worstUsd };
  }

  /** Settles from the response's usage; without usage, at the reserved worst case. Returns the cost. */
  settle(reservation: Reservation, usage: Usage | null, note: string | null = null): number {
    const cost = usage ? Math.min(costUsd(this.price, usage), Number.MAX_VALUE) : reservation.worstUsd;
    settleCall(this.db, reservation.id, cost, usage, this.clock().toISOString(), usage ? note : (note ?? 'no usage in the response: settled at its worst case'));
    return cost;
  }

  release(reservation: Reservation, note: string): void {
    releaseCall(this.db, reservation.id, this.clock().toISOString(), note);
  }
}
