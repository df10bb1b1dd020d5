import { parseInstant } from './calendar.js';
import { AppError } from './errors.js';

export type Clock = () => Date;

/** The real clock, unless AGI_TRACKER_NOW pins "now" to an ISO instant (tests, backfills). */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env.AGI_TRACKER_NOW;
  if (!pinned) return () => new Date();
  // Strict: Date would accept "1" (2001) or Feb 30 (March 2) and quietly run on another day.
  const at = parseInstant(pinned);
  if (!at) {
    throw new AppError(
      'config',
      'AGI_TRACKER_NOW must be an ISO-8601 instant such as 2026-11-10T12:00:00Z, ' +
        `a real day from 1970 to 9999 (got "${pinned}")`,
    );
  }
  return () => new Date(at.getTime());
}
