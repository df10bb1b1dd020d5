import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves after `ms`, or rejects at once with the signal's reason (e.g. "SIGTERM") when it
 * aborts, before or during the wait: no backoff or pacing wait outlives an interruption.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, signal ? { signal } : {});
  } catch (err) {
    // timers/promises rejects with a generic AbortError; callers look at the reason.
    if (signal?.aborted) throw signal.reason;
    throw err;
  }
}
