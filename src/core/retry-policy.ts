/**
 * The one retry policy behind every outbound call (feeds, the LLM, alert webhooks, healthcheck
 * pings): how long to wait before the next attempt, or why not to make one. Pure (the jitter's
 * randomness is a parameter), so it is tested on its own; callers wait with `timers/promises`
 * under their abort signal, so no backoff outlives SIGINT/SIGTERM.
 */
export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** The first backoff step; each later one doubles it. */
  baseDelayMs: number;
  /** No backoff step is longer (Retry-After aside). */
  maxDelayMs: number;
  /** The longest Retry-After honoured: a longer one ends the retries (the caller may note when to come back). */
  maxRetryAfterMs: number;
}

/** What one failed attempt told us. */
export interface AttemptFailure {
  /** A network error, a timeout, 429 or 5xx: the same request may succeed later. */
  retryable: boolean;
  /** The server's Retry-After in milliseconds from now, when it sent a readable one. */
  retryAfterMs?: number | null;
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'not-retryable' | 'exhausted' }
  | { retry: false; reason: 'retry-after-too-long'; retryAfterMs: number };

/**
 * After attempt number `attempt` (0 for the first) failed: wait the larger of the server's
 * Retry-After and an exponential backoff with jitter, or stop. A Retry-After beyond the
 * policy's bound stops at once — waiting less would only earn another refusal.
 */
export function retryDecision(
  policy: RetryPolicy,
  attempt: number,
  failure: AttemptFailure,
  random: () => number = Math.random,
): RetryDecision {
  if (!failure.retryable) return { retry: false, reason: 'not-retryable' };
  const retryAfterMs = failure.retryAfterMs ?? null;
  if (retryAfterMs !== null && retryAfterMs > policy.maxRetryAfterMs) {
    return { retry: false, reason: 'retry-after-too-long', retryAfterMs };
  }
  if (attempt >= policy.retries) return { retry: false, reason: 'exhausted' };
  return { retry: true, delayMs: Math.max(retryAfterMs ?? 0, backoffMs(policy, attempt, random)) };
}

/** base·2^attempt, capped, randomised in its upper half so concurrent clients spread out. */
export function backoffMs(
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxDelayMs);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its month; Date.parse would also take "-5" or "1.5" as some year.
  if (!/[a-z]{3}/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** 429 and 5xx are worth another try; any other status is the answer. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
