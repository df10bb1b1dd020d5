import type { ErrorCode } from '../core/errors.js';

/**
 * What a run means to whoever scheduled it; one map turns it into the exit code, so it means
 * the same for every job: `ok` 0, `failed` 1, `partial` 3 (some sources failed, the rest was
 * stored), `budget` 4 (no further LLM call fits under the limits).
 */
export type Verdict = 'ok' | 'failed' | 'partial' | 'budget';

export interface JobOutcome<T> {
  verdict: Verdict;
  result: T;
  /** The one stderr line of a verdict other than `ok`, when it needs saying. */
  problem?: { code: ErrorCode; message: string } | null;
}

export function ok<T>(result: T): JobOutcome<T> {
  return { verdict: 'ok', result };
}
