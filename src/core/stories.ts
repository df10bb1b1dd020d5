import { DAY_MS } from './durations.js';
import { sameStory, storyWords } from './story-titles.js';

export interface StoryEvent {
  id: number;
  title: string;
  sourceId: string;
  /** The source's evidence tier, A (best) to D. */
  tier: string;
  /** When it happened (published, else fetched): ISO. */
  seenAt: string;
  url: string;
}

export interface Story {
  /** The highest tier, then the earliest, then the lowest id. */
  lead: StoryEvent;
  /** The others, in the same order: the corroborating reports. */
  others: StoryEvent[];
}

/** How far apart two reports of one story may be. */
export const STORY_DAYS = 3;
// A word in more of the window's titles than this is no clue to a story: not used to find pairs.
const COMMON_WORD = 500;

/**
 * Groups events from different sources that tell the same story (titles by containment, see
 * story-titles.ts, at most STORY_DAYS apart; linked pairs chain into one story). Returns the
 * stories of two or more events, newest lead first. Pairs are found through the titles' words,
 * so a window of tens of thousands of events is not compared pair by pair.
 */
export function groupStories(events: readonly StoryEvent[], days = STORY_DAYS): Story[] {
  const sorted = [...events].sort((a, b) => a.seenAt.localeCompare(b.seenAt) || a.id - b.id);
  const words = sorted.map((e) => storyWords(e.title));
  const times = sorted.map((e) => Date.parse(e.seenAt));
  const frequency = new Map<string, number>();
  for (const set of words) for (const w of set) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const parent = sorted.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i] as number)));
  // Per word, the indexes of the earlier titles holding it, oldest first.
  const seen = new Map<string, number[]>();
  const span = days * DAY_MS;
  for (let i = 0; i < sorted.length; i++) {
    const me = sorted[i] as StoryEvent;
    const tried = new Set<number>();
    for (const w of words[i] as Set<string>) {
      if ((frequency.get(w) ?? 0) > COMMON_WORD) continue;
      const list = seen.get(w) ?? [];
      while (list.length > 0 && (times[i] as number) - (times[list[0] as number] as number) > span) list.shift();
      for (const j of list) {
        if (tried.has(j)) continue;
        tried.add(j);
        if ((sorted[j] as StoryEvent).sourceId === me.sourceId) continue;
        if (sameStory(words[i] as Set<string>, words[j] as Set<string>)) parent[root(i)] = root(j);
      }
      list.push(i);
      seen.set(w, list);
    }
  }
  const groups = new Map<number, StoryEvent[]>();
  sorted.forEach((e, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), e]));
  return [...groups.values()]
    .filter((g) => g.length > 1 && new Set(g.map((e) => e.sourceId)).size > 1)
    .map((g) => {
      const [lead, ...others] = g.sort(
        (a, b) => a.tier.localeCompare(b.tier) || a.seenAt.localeCompare(b.seenAt) || a.id - b.id,
      );
      return { lead: lead as StoryEvent, others };
    })
    .sort((a, b) => b.lead.seenAt.localeCompare(a.lead.seenAt) || b.lead.id - a.lead.id);
}
