import { AppError } from './errors.js';

export type Clock = () => Date;

/** The real clock, unless AGI_TRACKER_NOW pins "now" to an ISO instant (tests, backfills). */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env.AGI_TRACKER_NOW;
  if (!pinned) return () => new Date();
  const at = new Date(pinned);
  if (Number.isNaN(at.getTime())) {
    throw new AppError('config', `AGI_TRACKER_NOW is not an ISO-8601 instant: ${pinned}`);
  }
  return () => new Date(at.getTime());
}

export const DAY_MS = 86_400_000;
