import { describe, expect, it } from 'vitest';
import { addDays, isoWeekOf, lastCompleteWeek, parseDay, weekDays } from '../../src/reports/dates.js';

describe('ISO weeks and days (UTC)', () => {
  it.each([
    ['2026-11-23', '2026-W48'], // a Monday
    ['2026-11-22', '2026-W47'], // a Sunday
    ['2026-01-01', '2026-W01'], // a Thursday: week 1 of its own year
    ['2027-01-03', '2026-W53'], // 2026 has 53 weeks
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'], // a Monday that belongs to next year's week 1
    ['2021-01-03', '2020-W53'],
  ])('%s is in %s', (day, week) => {
    expect(isoWeekOf(day)).toBe(week);
  });

  it('maps a week to its Monday and Sunday, and refuses weeks that do not exist', () => {
    expect(weekDays('2026-W47')).toEqual({ monday: '2026-11-16', sunday: '2026-11-22' });
    expect(weekDays('2026-W53')).toEqual({ monday: '2026-12-28', sunday: '2027-01-03' });
    expect(weekDays('2025-W01')).toEqual({ monday: '2024-12-30', sunday: '2025-01-05' });
    expect(() => weekDays('2025-W53')).toThrow(/does not exist/);
    expect(() => weekDays('2026-W00')).toThrow(/does not exist/);
    expect(() => weekDays('2026-47')).toThrow(/YYYY-Www/);
  });

  it('takes the last complete week: on a Monday, the week that ended the day before', () => {
    expect(lastCompleteWeek('2026-11-23')).toBe('2026-W47'); // Monday
    expect(lastCompleteWeek('2026-11-22')).toBe('2026-W46'); // Sunday: W47 is not over
    expect(lastCompleteWeek('2027-01-06')).toBe('2026-W53');
  });

  it('parses --date strictly and refuses the future', () => {
    expect(parseDay('2024-02-29', '2026-11-23')).toBe('2024-02-29');
    expect(() => parseDay('2023-02-29', '2026-11-23')).toThrow(/YYYY-MM-DD/);
    expect(() => parseDay('2026-11-24', '2026-11-23')).toThrow(/in the future/);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26'); // no DST in UTC
  });
});
