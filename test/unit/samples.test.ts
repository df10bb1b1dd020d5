import { describe, expect, it } from 'vitest';
import { readSample, sampleFile, sampleShiftDays, sampleSources } from '../../src/sources/samples.js';
import { isoWeekOf, lastCompleteWeek } from '../../src/reports/dates.js';

const ISO = /\b\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?/g;
const RFC822 = /\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\b/g;

async function datesOf(now: Date): Promise<Date[]> {
  const out: Date[] = [];
  for (const s of sampleSources()) {
    const text = (await readSample(sampleFile(s.id) as string, now)).toString('utf8');
    for (const m of text.matchAll(ISO)) out.push(new Date(m[1] ? m[0] : `${m[0]}T00:00:00Z`));
    for (const m of text.matchAll(RFC822)) {
      const at = new Date(m[0]);
      expect(m[0].slice(0, 3), m[0]).toBe(at.toUTCString().slice(0, 3)); // the weekday still matches the date
      out.push(at);
    }
  }
  return out;
}

describe('the bundled samples, dated relative to now', () => {
  it.each([
    '2026-11-30T04:30:00Z',
    '2027-03-01T00:10:00Z',
    '2027-03-05T10:00:00Z',
    '2027-03-07T23:59:00Z',
    '2031-06-15T12:00:00Z',
    '2026-10-01T12:00:00Z',
  ])(
    'at %s: nothing lies in the future, the newest item is under a week old, and the last complete week holds items',
    async (at) => {
      const now = new Date(at);
      // whole weeks: weekdays and ISO weeks keep their shape
      expect(Number.isInteger(sampleShiftDays(now) / 7)).toBe(true);
      const dates = await datesOf(now);
      expect(dates.length).toBeGreaterThan(20);
      const newest = Math.max(...dates.map((d) => d.getTime()));
      expect(newest).toBeLessThanOrEqual(now.getTime());
      expect(now.getTime() - newest).toBeLessThan(7 * 86_400_000);
      const lastWeek = lastCompleteWeek(at.slice(0, 10));
      expect(dates.filter((d) => isoWeekOf(d.toISOString().slice(0, 10)) === lastWeek).length).toBeGreaterThan(2);
    },
  );
});
