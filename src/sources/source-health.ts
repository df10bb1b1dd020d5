import { DAY_MS, HOUR_MS } from '../core/durations.js';
import type { HealthPatch, SourceHealth } from '../db/repos/sources-repo.js';

/**
 * The health policy of a source, one place for every reader: ingest applies it after each
 * fetch; status, `sources` and the digest read pauses and silence through it.
 */

export const FAILURES_BEFORE_PAUSE = 5;
export const FIRST_PAUSE_MS = HOUR_MS;
export const MAX_PAUSE_MS = DAY_MS;

/** Paused until a future instant, or null when the source may be fetched now. */
export function pausedUntil(health: SourceHealth | undefined, now: Date): string | null {
  if (!health?.disabled_until) return null;
  return Date.parse(health.disabled_until) > now.getTime() ? health.disabled_until : null;
}

/** Health after a successful fetch (a 304 counts). */
export function afterSuccess(now: Date, extra: HealthPatch = {}): HealthPatch {
  return {
    last_fetched_at: now.toISOString(),
    last_success_at: now.toISOString(),
    consecutive_failures: 0,
    last_error: null,
    disabled_until: null,
    pause_ms: 0,
    ...extra,
  };
}

/**
 * Health after a failure. Five in a row pause the source for 1 h, each failed trial fetch
 * doubles the pause up to 24 h; a gone feed (410) pauses for the maximum at once; a server
 * asking for a long Retry-After is not asked again before then.
 */
export function afterFailure(
  health: SourceHealth | undefined,
  now: Date,
  failure: { message: string; gone?: boolean; retryAt?: Date | null },
): HealthPatch {
  const failures = (health?.consecutive_failures ?? 0) + 1;
  let pauseMs = health?.pause_ms ?? 0;
  let until: number | null = null;
  if (failure.gone) {
    pauseMs = MAX_PAUSE_MS;
    until = now.getTime() + pauseMs;
  } else if (failures >= FAILURES_BEFORE_PAUSE) {
    pauseMs = pauseMs > 0 ? Math.min(pauseMs * 2, MAX_PAUSE_MS) : FIRST_PAUSE_MS;
    until = now.getTime() + pauseMs;
  }
  if (failure.retryAt && (until === null || failure.retryAt.getTime() > until)) until = failure.retryAt.getTime();
  return {
    last_fetched_at: now.toISOString(),
    consecutive_failures: failures,
    last_error: failure.message.slice(0, 500),
    pause_ms: pauseMs,
    disabled_until: until === null ? null : new Date(until).toISOString(),
  };
}

/** Days of silence since `from`; for weekday-only sources, Saturdays and Sundays do not count. */
export function silence(from: string, now: Date, weekdaysOnly: boolean): number {
  const ms = now.getTime() - Date.parse(from);
  if (!weekdaysOnly) return ms / DAY_MS;
  let days = 0;
  for (let t = Date.parse(from) + DAY_MS; t <= now.getTime(); t += DAY_MS) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) days++;
  }
  return days;
}
