/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** Exponential backoff with full jitter: base·2^attempt, randomised in its upper half. */
export function backoffMs(attempt: number, baseMs: number): number {
  const ceiling = Math.min(baseMs * 2 ** attempt, 60_000);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
