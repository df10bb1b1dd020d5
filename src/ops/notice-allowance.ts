import { setTimeout as delay } from 'node:timers/promises';

/** Default time one run may spend on all its pings and alerts together. */
export const NOTICE_TOTAL_MS = 5000;
/** After SIGINT/SIGTERM, how long the run may still spend reporting it (the fail ping). */
export const NOTICE_GRACE_MS = 1500;

/** The allowance is used up: the notice is not sent. */
export class NoticeTimeUp extends Error {
  constructor(totalMs: number) {
    super(`not sent: pings and alerts used their ${totalMs / 1000} s for this run`);
    this.name = 'NoticeTimeUp';
  }
}

/**
 * The time one run may spend on healthcheck pings and alert webhooks, all attempts and
 * pauses together, so a hanging endpoint costs a run a few seconds in all rather than a few
 * seconds per attempt, per ping, per alert. On SIGINT/SIGTERM what is left shrinks to a short
 * grace (cutting short an attempt in flight), so the run can still ping `/fail` and yet exit
 * within a few seconds. Notices are sent one after another, so spent time simply adds up.
 */
export class NoticeAllowance {
  private spentMs = 0;
  private readonly grace = new AbortController();
  private graceEndsAt: number | null = null;

  constructor(
    readonly totalMs = NOTICE_TOTAL_MS,
    signal?: AbortSignal,
    private readonly graceMs = NOTICE_GRACE_MS,
  ) {
    const startGrace = () => {
      this.graceEndsAt = Date.now() + graceMs;
      setTimeout(() => this.grace.abort(), graceMs).unref();
    };
    if (signal?.aborted) startGrace();
    else signal?.addEventListener('abort', startGrace, { once: true });
  }

  /** Milliseconds still available; 0 means send nothing more. */
  remainingMs(): number {
    const left = this.totalMs - this.spentMs;
    const graceLeft = this.graceEndsAt === null ? left : this.graceEndsAt - Date.now();
    return Math.max(0, Math.min(left, graceLeft));
  }

  /**
   * Runs one attempt under a signal that aborts at its own timeout or when the allowance
   * runs out, whichever is first; the time it took is charged. Throws NoticeTimeUp, without
   * calling `send`, once nothing is left.
   *
   * The attempt ends when the signal aborts even if `send` never notices: Node 20's fetch can
   * lose the link to a caller's signal under garbage collection (nodejs/node#55428), and an
   * AbortSignal.timeout is only weakly held, so a hanging endpoint could otherwise hold the
   * run open for ever. The timer here is a plain one, cleared when the attempt ends.
   */
  async attempt<T>(timeoutMs: number, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const left = this.remainingMs();
    if (left <= 0) throw new NoticeTimeUp(this.totalMs);
    const started = Date.now();
    const stop = new AbortController();
    const timer = setTimeout(
      () => stop.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      Math.min(timeoutMs, left),
    );
    const onGrace = () => stop.abort(this.grace.signal.reason);
    if (this.grace.signal.aborted) onGrace();
    else this.grace.signal.addEventListener('abort', onGrace, { once: true });
    const stopped = new Promise<never>((_, reject) => {
      if (stop.signal.aborted) reject(stop.signal.reason as Error);
      else stop.signal.addEventListener('abort', () => reject(stop.signal.reason as Error), { once: true });
    });
    try {
      return await Promise.race([send(stop.signal), stopped]);
    } finally {
      clearTimeout(timer);
      this.grace.signal.removeEventListener('abort', onGrace);
      this.spentMs += Date.now() - started;
    }
  }

  /** A pause between retries, charged too; false (without waiting) when it would not fit. */
  async pause(ms: number): Promise<boolean> {
    if (ms >= this.remainingMs()) return false;
    const started = Date.now();
    try {
      await delay(ms, undefined, { signal: this.grace.signal });
      return true;
    } catch {
      return false;
    } finally {
      this.spentMs += Date.now() - started;
    }
  }
}
