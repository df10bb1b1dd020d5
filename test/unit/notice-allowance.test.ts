import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/core/sleep.js';
import { NoticeAllowance, NoticeTimeUp } from '../../src/ops/notice-allowance.js';

/** An attempt that never answers by itself: it ends only when its signal aborts. */
const hang = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

describe('sleep', () => {
  it('rejects with the signal reason as soon as the signal aborts, or at once when already aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort('SIGTERM'), 20);
    await expect(sleep(60_000, controller.signal)).rejects.toBe('SIGTERM');
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(sleep(60_000, controller.signal)).rejects.toBe('SIGTERM');
    await expect(sleep(5)).resolves.toBeUndefined();
  });
});

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
