import { DAY_MS } from '../core/durations.js';
import { groupStories, STORY_DAYS, type Story } from '../core/stories.js';
import type { Database } from '../db/open-database.js';
import { storyEvents } from '../db/repos/stories-repo.js';

/**
 * The stories among the events of the last `sinceDays` days (read-only): `dedupe-check` and
 * `events list --stories` report them. Events up to STORY_DAYS before the window are read too,
 * so a story straddling its start keeps its lead.
 */
export async function storiesSince(db: Database, now: Date, sinceDays: number): Promise<Story[]> {
  const from = new Date(now.getTime() - (sinceDays + STORY_DAYS) * DAY_MS).toISOString();
  const to = new Date(now.getTime() + DAY_MS).toISOString();
  const since = new Date(now.getTime() - sinceDays * DAY_MS).toISOString();
  return groupStories(await storyEvents(db, from, to)).filter((s) =>
    [s.lead, ...s.others].some((e) => e.seenAt >= since),
  );
}

/** A story as reports and `--json` show it. */
export function storyJson(s: Story) {
  const event = (e: Story['lead']) => ({
    id: e.id,
    title: e.title,
    source: e.sourceId,
    tier: e.tier,
    seenAt: e.seenAt,
  });
  return { lead: event(s.lead), alsoReportedBy: s.others.map(event) };
}
