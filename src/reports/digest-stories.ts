import { DAY_MS } from '../core/durations.js';
import { groupStories, STORY_DAYS, type Story } from '../core/stories.js';
import type { Database } from '../db/open-database.js';
import { storyEvents } from '../db/repos/stories-repo.js';

/** Another source's report of the same story. */
export interface Corroboration {
  id: number;
  source: string;
  tier: string;
  title: string;
  url: string;
}

/**
 * The stories told in the week (reports up to STORY_DAYS either side count), by member event:
 * the digest lists each story once, with who else reported it.
 */
export async function weekStories(db: Database, monday: string, weekEnd: string): Promise<Map<number, Story>> {
  const from = new Date(Date.parse(`${monday}T00:00:00Z`) - STORY_DAYS * DAY_MS).toISOString();
  const to = new Date(Date.parse(`${weekEnd}T00:00:00Z`) + STORY_DAYS * DAY_MS).toISOString();
  const byEvent = new Map<number, Story>();
  for (const story of groupStories(await storyEvents(db, from, to)))
    for (const e of [story.lead, ...story.others]) byEvent.set(e.id, story);
  return byEvent;
}

/**
 * The lists with each story once — the first of its reports listed (the lists are in order of
 * importance) — each event carrying the other reports of its story. A C report whose story a
 * B source also told shows it: its tier stays its own.
 */
export function oncePerStory<E extends { id: number }>(
  lists: E[][],
  stories: Map<number, Story>,
): (E & { alsoReportedBy: Corroboration[] })[][] {
  const listed = new Set<Story>();
  return lists.map((list) =>
    list.flatMap((e) => {
      const story = stories.get(e.id);
      if (!story) return [{ ...e, alsoReportedBy: [] }];
      if (listed.has(story)) return [];
      listed.add(story);
      const others = [story.lead, ...story.others].filter((o) => o.id !== e.id);
      return [
        {
          ...e,
          alsoReportedBy: others.map((o) => ({
            id: o.id,
            source: o.sourceId,
            tier: o.tier,
            title: o.title,
            url: o.url,
          })),
        },
      ];
    }),
  );
}
