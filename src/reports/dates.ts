import { isDayString, MAX_YEAR, MIN_YEAR } from '../core/calendar.js';
import { DAY_MS } from '../core/durations.js';
import { AppError } from '../core/errors.js';

/** YYYY-MM-DD ± days, in UTC. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A `--date` flag: a real calendar day, not after today. */
export function parseDay(value: string, today: string, flag = '--date'): string {
  // Checked by its parts, never by Date: "2026-13-45" must be a usage error, not an Invalid time value.
  if (!isDayString(value))
    throw new AppError('usage', `${flag} must be a real day as YYYY-MM-DD from ${MIN_YEAR} on (got "${value}")`);
  if (value > today) throw new AppError('usage', `${flag} ${value} is in the future (today is ${today} UTC)`);
  return value;
}

/** The ISO week (YYYY-Www) a day falls in. */
export function isoWeekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - dow) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week1 = Date.UTC(year, 0, 4);
  const week1Monday = week1 - ((new Date(week1).getUTCDay() + 6) % 7) * DAY_MS;
  const week = 1 + Math.round((thursday.getTime() - 3 * DAY_MS - week1Monday) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday and Sunday (YYYY-MM-DD) of an ISO week "YYYY-Www". */
export function weekDays(week: string): { monday: string; sunday: string } {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new AppError('usage', `--week must be an ISO week as YYYY-Www (got "${week}")`);
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < MIN_YEAR || year > MAX_YEAR)
    throw new AppError('usage', `--week ${week}: the year must be from ${MIN_YEAR} to ${MAX_YEAR}`);
  const week1 = Date.UTC(year, 0, 4);
  const week1Monday = week1 - ((new Date(week1).getUTCDay() + 6) % 7) * DAY_MS;
  const monday = new Date(week1Monday + (n - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
  if (n < 1 || isoWeekOf(monday) !== week) throw new AppError('usage', `--week ${week} does not exist`);
  return { monday, sunday: addDays(monday, 6) };
}

/** The last complete ISO week before the day (Monday–Sunday, UTC). */
export function lastCompleteWeek(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  return isoWeekOf(addDays(today, -dow - 1));
}
