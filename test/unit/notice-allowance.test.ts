import { describe, expect, it } from 'vitest';
import { NoticeAllowance, NoticeTimeUp } from '../../src/ops/notice-allowance.js';

/** An attempt that never answers by itself: it ends only when its signal aborts. */
const hang = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

describe('NoticeAllowance', () => {
  it('bounds all attempts together, not each one', async () => {
    const allowance = new NoticeAllowance(300);
    const started = Date.now();
    for (let i = 0; i < 5; i++) await allowance.attempt(200, hang).catch(() => {});
    expect(Date.now() - started).toBeLessThan(600);
    expect(allowance.remainingMs()).toBe(0);
    await expect(allowance.attempt(200, async () => 'sent')).rejects.toBeInstanceOf(NoticeTimeUp);
    expect(await allowance.pause(10)).toBe(false);
  });

  it('on abort leaves only the grace, cutting an attempt in flight', async () => {
    const run = new AbortController();
    const allowance = new NoticeAllowance(10_000, run.signal, 100);
    const started = Date.now();
    setTimeout(() => run.abort('SIGTERM'), 50);
    await expect(allowance.attempt(10_000, hang)).rejects.toBeDefined();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(allowance.remainingMs()).toBe(0);
  });
});
