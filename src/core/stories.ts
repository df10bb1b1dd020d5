import { DAY_MS } from './durations.js';
import { CONTAINMENT, MIN_WORDS, sameStory, storyWords } from './story-titles.js';

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
 * stories of two or more events, newest lead first. Two titles are compared only when they
 * share a word that is no clue to a story by itself (in at most COMMON_WORD of the window's
 * titles); candidates come from each title's rarest words (below), so a window of tens of
 * thousands of events is not compared pair by pair.
 */
export function groupStories(events: readonly StoryEvent[], days = STORY_DAYS): Story[] {
  const sorted = [...events].sort((a, b) => a.seenAt.localeCompare(b.seenAt) || a.id - b.id);
  const words = sorted.map((e) => storyWords(e.title));
  const times = sorted.map((e) => Date.parse(e.seenAt));
  const frequency = new Map<string, number>();
  for (const set of words) for (const w of set) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const parent = sorted.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i] as number)));
  // Prefix filtering: a pair passes sameStory only if the smaller title shares all but
  // `k − needed(k)` of its k words, so one of its `k − needed(k) + 1` rarest words is shared.
  // Each title is looked up by its rarest words among all earlier titles' words, and by all its
  // words among the earlier titles' rarest ones: every pair that can pass is tried.
  const rarity = (a: string, b: string) => (frequency.get(a) ?? 0) - (frequency.get(b) ?? 0) || (a < b ? -1 : 1);
  const prefixes = words.map((set) => [...set].sort(rarity).slice(0, set.size - needed(set.size) + 1));
  const byWord = new Map<string, number[]>();
  const byPrefix = new Map<string, number[]>();
  const span = days * DAY_MS;
  // Earlier titles holding `w`, within the span of title i (oldest first; older ones dropped).
  const recent = (index: Map<string, number[]>, w: string, i: number) => {
    const list = index.get(w);
    if (!list) return [];
    let drop = 0;
    while (drop < list.length && (times[i] as number) - (times[list[drop] as number] as number) > span) drop++;
    if (drop > 0) list.splice(0, drop);
    return list;
  };
  const add = (index: Map<string, number[]>, w: string, i: number) => {
    const list = index.get(w);
    if (list) list.push(i);
    else index.set(w, [i]);
  };
  // tried[j] = i + 1: title j was already tried against title i.
  const tried = new Int32Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const mine = words[i] as Set<string>;
    // Fewer words than MIN_WORDS: sameStory is false whichever title is the smaller.
    if (mine.size < MIN_WORDS) continue;
    const me = sorted[i] as StoryEvent;
    const consider = (j: number) => {
      if (tried[j] === i + 1) return;
      tried[j] = i + 1;
      const theirs = words[j] as Set<string>;
      if ((sorted[j] as StoryEvent).sourceId === me.sourceId || !sameStory(mine, theirs)) return;
      if (sharesClue(mine, theirs, frequency)) parent[root(i)] = root(j);
    };
    for (const w of prefixes[i] as string[]) for (const j of recent(byWord, w, i)) consider(j);
    for (const w of mine) for (const j of recent(byPrefix, w, i)) consider(j);
    for (const w of mine) add(byWord, w, i);
    for (const w of prefixes[i] as string[]) add(byPrefix, w, i);
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

/** The fewest words a title of k words must share with a longer one to be its story (CONTAINMENT of k). */
function needed(k: number): number {
  let n = Math.ceil(CONTAINMENT * k);
  while (n > 0 && (n - 1) / k >= CONTAINMENT) n--;
  while (n / k < CONTAINMENT) n++;
  return n;
}

/** Whether two titles share a word that is a clue to a story (in at most COMMON_WORD titles). */
function sharesClue(a: Set<string>, b: Set<string>, frequency: Map<string, number>): boolean {
  for (const w of a) if (b.has(w) && (frequency.get(w) ?? 0) <= COMMON_WORD) return true;
  return false;
}
