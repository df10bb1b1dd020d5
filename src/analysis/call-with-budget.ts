import { errorMessage } from '../core/errors.js';
import { setTimeout as delay } from 'node:timers/promises';
import { retryDecision } from '../core/retry-policy.js';
import { ChatFailure, llmRetryPolicy } from '../llm/chat-client.js';
import type { CallBound } from '../llm/pricing.js';
import type { Refusal } from '../llm/budget-gate.js';
import type { ChatMessage, LlmBackend } from '../llm/llm-backend.js';
import type { AnalyzeContext } from './analyze.js';

export type CallResult =
  /** Not even the smallest call fits any more: the run stops (exit 4). */
  | { kind: 'budget'; limit: 'daily' | 'monthly' }
  | { kind: 'interrupted' }
  /** Too large for what is left today; smaller events may still fit. */
  | { kind: 'deferred'; error: string }
  /** Too large for the limits even with nothing spent: this event's failure. */
  | { kind: 'never-fits'; error: string }
  | { kind: 'unbilled'; error: string }
  | { kind: 'answer'; content: string; cost: number }
  | { kind: 'billed-failure'; error: string; cost: number };

export interface Call {
  messages: ChatMessage[];
  schema: object;
  bound: CallBound;
  eventId: number | null;
}

/**
 * One LLM call under the budget gate: every attempt reserved at its worst case before it
 * starts, settled or released after it; unbilled failures (429, 5xx, network) retried with
 * backoff. Every wait and request follows the abort signal, so SIGINT/SIGTERM stops it at once.
 */
export async function callWithBudget(ctx: AnalyzeContext, backend: LlmBackend, call: Call): Promise<CallResult> {
  const policy = llmRetryPolicy(ctx.config.llm);
  for (let attempt = 0; ; attempt++) {
    if (ctx.signal.aborted) return { kind: 'interrupted' };
    const reservation = await backend.gate.tryReserve(call.bound, call.eventId);
    if ('refused' in reservation) return refusalResult(ctx, reservation, call.bound);
    try {
      const res = await backend.chat.complete(call.messages, call.schema, undefined, ctx.signal);
      const cost = await backend.gate.settle(reservation, res.usage);
      return { kind: 'answer', content: res.content, cost };
    } catch (err) {
      if (err instanceof ChatFailure && err.billed) {
        const cost = await backend.gate.settle(reservation, null, err.message);
        return err.interrupted ? { kind: 'interrupted' } : { kind: 'billed-failure', error: err.message, cost };
      }
      await backend.gate.release(reservation, errorMessage(err));
      if (!(err instanceof ChatFailure)) throw err;
      if (err.interrupted || ctx.signal.aborted) return { kind: 'interrupted' };
      const decision = retryDecision(policy, attempt, err);
      if (!decision.retry) {
        const later =
          decision.reason === 'retry-after-too-long'
            ? `: the endpoint asks to retry after ${Math.ceil(decision.retryAfterMs / 1000)} s`
            : '';
        return { kind: 'unbilled', error: `${err.message}${later}` };
      }
      try {
        await delay(decision.delayMs, undefined, { signal: ctx.signal });
      } catch {
        return { kind: 'interrupted' };
      }
    }
  }
}

/** What a refused reservation means for the call: the run stops, the event waits, or it never fits. */
export function refusalResult(
  ctx: Pick<AnalyzeContext, 'config'>,
  reservation: Refusal,
  bound: CallBound,
): Extract<CallResult, { kind: 'budget' | 'deferred' | 'never-fits' }> {
  const { budget } = ctx.config;
  const limit =
    reservation.limit === 'daily'
      ? `the daily hard limit of $${budget.hardLimitUsd}`
      : `the monthly limit of $${budget.monthlyLimitUsd}`;
  const worst = `its worst case ($${bound.worstUsd.toFixed(6)})`;
  if (reservation.refused === 'exhausted') return { kind: 'budget', limit: reservation.limit };
  if (reservation.refused === 'never-fits')
    return { kind: 'never-fits', error: `${worst} can never fit under ${limit}` };
  return { kind: 'deferred', error: `${worst} does not fit in what is left under ${limit}; left for later` };
}
