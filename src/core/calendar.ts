/**
 * What counts as a real day. Dates reach us from flags and the environment as text; anything
 * JavaScript's Date would roll over (Feb 30 → Mar 2), read loosely ("1" → 2001) or print in
 * a form that breaks our YYYY-MM-DD keys (year 0, year 10000) is refused before it is used.
 */

/** Years we accept: four digits, and not before the Unix epoch (no AI record is older). */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** A calendar day that exists, in the years we accept. */
export function isRealDay(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** "YYYY-MM-DD" that names a real day in the accepted years. */
export function isDayString(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A strict ISO-8601 instant: a real day, optionally a time (hours < 24, minutes and seconds
 * < 60) and a zone; no zone means UTC, as everywhere in agi-tracker. Null when it is not one.
 */
export function parseInstant(value: string): Date | null {
  const m = INSTANT.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac, zone] = m;
  if (!isRealDay(Number(y), Number(mo), Number(d))) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  if (zone && zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) return null;
  const ms = frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : '';
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${ms}${zone ?? 'Z'}`);
  return Number.isNaN(at.getTime()) ? null : at;
}
