import { describe, expect, it } from 'vitest';
import { clockFromEnv } from '../../src/core/clock.js';
import { AppError } from '../../src/core/errors.js';
import { parseDay, weekDays } from '../../src/reports/dates.js';

/** The error a call throws, so a test can say which kind (usage or config) it must be. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return null;
}

describe('impossible dates are usage or config errors, never crashes', () => {
  it.each([
    '2026-13-45',
    '2026-00-10',
    '2026-02-30',
    '0000-01-01',
    '1969-12-31',
    '10000-01-01',
    '2026-1-1',
    ' 2026-01-01',
  ])('--date %s is a usage error', (value) => {
    const err = thrown(() => parseDay(value, '2026-11-23'));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('usage');
  });

  it.each(['0000-W01', '1969-W10', '2026-W60', '2026-W00', '2026-W5', '99999-W01'])(
    '--week %s is a usage error',
    (value) => {
      const err = thrown(() => weekDays(value));
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('usage');
    },
  );

  it.each([
    '2026-13-45',
    '2026-02-30T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '1',
    'tomorrow',
    '2026-11-10T25:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-11-10 12:00',
  ])('AGI_TRACKER_NOW=%s is a config error', (value) => {
    const err = thrown(() => clockFromEnv({ AGI_TRACKER_NOW: value }));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('config');
  });

  it('reads a real instant, with or without a zone (UTC when none), and a bare day as its UTC midnight', () => {
    expect(clockFromEnv({ AGI_TRACKER_NOW: '2026-11-10T12:00:00Z' })().toISOString()).toBe('2026-11-10T12:00:00.000Z');
    expect(clockFromEnv({ AGI_TRACKER_NOW: '2026-11-10T12:00:00.250+02:00' })().toISOString()).toBe(
      '2026-11-10T10:00:00.250Z',
    );
    expect(clockFromEnv({ AGI_TRACKER_NOW: '2026-11-10T12:00' })().toISOString()).toBe('2026-11-10T12:00:00.000Z');
    expect(clockFromEnv({ AGI_TRACKER_NOW: '2024-02-29' })().toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });
});
