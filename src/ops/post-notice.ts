import { errorMessage } from '../core/errors.js';
import { isRetryableStatus, parseRetryAfter, type RetryPolicy, retryDecision } from '../core/retry-policy.js';
import { outboundFetch } from '../http/proxy.js';
import { type NoticeAllowance, NoticeTimeUp } from './notice-allowance.js';

export interface NoticePost {
  url: string;
  body: string;
  contentType: string;
  /** Attempts after the first. */
  retries: number;
  /** Per attempt; the run's allowance may cut it shorter. */
  timeoutMs: number;
  /** Replaces the URL (a secret) wherever an error message quotes it. */
  urlLabel: string;
}

/**
 * Short steps: a notice shares a few seconds with every other one of the run. A Retry-After
 * longer than the whole allowance could never be waited out.
 */
const NOTICE_RETRY: Omit<RetryPolicy, 'retries'> = { baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 2000 };

export type NoticeResult = { ok: true } | { ok: false; reason: string };

/**
 * POSTs one alert or healthcheck ping under the run's NoticeAllowance and the one retry policy
 * (network errors, timeouts, 429 and 5xx are retried; any other status is the answer). Every
 * attempt and pause is charged to the allowance, so a hanging endpoint costs the run a few
 * seconds in all. Never throws; the reason never carries the URL.
 */
export async function postNotice(post: NoticePost, allowance: NoticeAllowance): Promise<NoticeResult> {
  const fetch = await outboundFetch();
  const policy = { ...NOTICE_RETRY, retries: post.retries };
  const fail = (reason: string): NoticeResult => ({ ok: false, reason: reason.split(post.url).join(post.urlLabel) });
  for (let attempt = 0; ; attempt++) {
    let reason: string;
    let retryable = true;
    let retryAfterMs: number | null = null;
    try {
      const res = await allowance.attempt(post.timeoutMs, async (signal) => {
        const answer = await fetch(post.url, {
          method: 'POST',
          headers: { 'content-type': post.contentType },
          body: post.body,
          signal,
        });
        await answer.arrayBuffer();
        return answer;
      });
      if (res.ok) return { ok: true };
      reason = `HTTP ${res.status}`;
      retryable = isRetryableStatus(res.status);
      retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
    } catch (err) {
      if (err instanceof NoticeTimeUp) return fail(err.message);
      reason = errorMessage(err);
    }
    const decision = retryDecision(policy, attempt, { retryable, retryAfterMs });
    if (!decision.retry) return fail(reason);
    // No time left to wait for another attempt: the last failure is the answer.
    if (!(await allowance.pause(decision.delayMs))) return fail(reason);
  }
}
