import { isRetracted, type ReviewState } from '../core/review.js';
import type { Database } from '../db/open-database.js';
import { eventsByIds } from '../db/repos/digest-repo.js';

export interface DigestRetraction {
  id: number;
  title: string;
  source: string;
  url: string;
  /** The event's date (YYYY-MM-DD). */
  date: string;
  by: string;
  /** When it was retracted (ISO). */
  at: string;
  why: string | null;
}

/**
 * Events retracted by a reviewer that the week's reader should know of: those dated in the
 * week (they are left out of its lists) and those retracted during it (an earlier week's
 * figures moved). Oldest retraction first.
 */
export async function weekRetractions(
  db: Database,
  reviews: Map<number, ReviewState>,
  monday: string,
  sunday: string,
): Promise<DigestRetraction[]> {
  const retracted = [...reviews].filter(([, s]) => isRetracted(s));
  if (retracted.length === 0) return [];
  const events = new Map(
    (
      await eventsByIds(
        db,
        retracted.map(([id]) => id),
      )
    ).map((e) => [Number(e.id), e]),
  );
  const out: DigestRetraction[] = [];
  for (const [id, state] of retracted) {
    const e = events.get(id);
    const v = state.verdict;
    if (!e || !v) continue;
    const decidedInWeek = v.at.slice(0, 10) >= monday && v.at.slice(0, 10) <= sunday;
    const datedInWeek = e.day >= monday && e.day <= sunday;
    if (decidedInWeek || datedInWeek)
      out.push({ id, title: e.title, source: e.source_id, url: e.url, date: e.day, by: v.by, at: v.at, why: v.reason });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
}
