import type { Usage } from '../db/repos/llm-calls-repo.js';
import type { Price } from '../core/types.js';
import { type CallBound, costUsd } from './pricing.js';

/** Token counts as an endpoint reported them: untrusted, possibly not numbers at all. */
export interface ReportedUsage {
  inputTokens: unknown;
  cachedTokens: unknown;
  outputTokens: unknown;
}

export interface Settlement {
  costUsd: number;
  /** The counts as stored: null when they were not counts at all. */
  usage: Usage | null;
  /** Why the reported usage was not believed (the call is then settled at its worst case). */
  anomaly: string | null;
}

/**
 * The cost a call settles at: always within [0, its reservation], whatever the endpoint says.
 * Counts that are not finite non-negative integers, more cached than prompt tokens, more
 * tokens than the reservation bounded, or a cost above it, settle at the worst case and
 * are reported as an anomaly: an endpoint's answer can never move the ledger past the limit,
 * nor down.
 */
export function settledCost(price: Price, reported: ReportedUsage, bound: CallBound): Settlement {
  const worst = { costUsd: bound.worstUsd };
  const fields = [
    ['prompt_tokens', reported.inputTokens],
    ['cached_tokens', reported.cachedTokens],
    ['completion_tokens', reported.outputTokens],
  ] as const;
  const bad = fields.filter(([, v]) => !isCount(v));
  if (bad.length) {
    const shown = bad.map(([name, v]) => `${name}=${describe(v)}`).join(', ');
    return { ...worst, usage: null, anomaly: `usage is not a token count (${shown}): settled at its worst case` };
  }
  const usage = {
    inputTokens: reported.inputTokens,
    cachedTokens: reported.cachedTokens,
    outputTokens: reported.outputTokens,
  } as Usage;
  if (usage.cachedTokens > usage.inputTokens) {
    return {
      ...worst,
      usage,
      anomaly:
        `usage reports more cached tokens (${usage.cachedTokens}) than prompt tokens (${usage.inputTokens}): ` +
        'settled at its worst case',
    };
  }
  if (usage.inputTokens > bound.maxInputTokens || usage.outputTokens > bound.maxOutputTokens) {
    return {
      ...worst,
      usage,
      anomaly:
        `usage (${usage.inputTokens} in, ${usage.outputTokens} out) exceeds what the call could use ` +
        `(${bound.maxInputTokens} in, ${bound.maxOutputTokens} out): settled at its worst case`,
    };
  }
  const cost = costUsd(price, usage);
  if (!(cost >= 0 && cost <= bound.worstUsd)) {
    return {
      ...worst,
      usage,
      anomaly: `usage costs $${cost} against a reservation of $${bound.worstUsd}: settled at its worst case`,
    };
  }
  return { costUsd: cost, usage, anomaly: null };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function describe(v: unknown): string {
  if (typeof v === 'number') return String(v);
  const json = JSON.stringify(v) ?? String(v);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}
