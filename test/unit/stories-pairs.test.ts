import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/core/durations.js';
import { groupStories, STORY_DAYS, type StoryEvent } from '../../src/core/stories.js';
import { sameStory, storyWords } from '../../src/core/story-titles.js';

/** Every pair compared directly: the stories groupStories must find, as sorted lists of ids. */
function bruteForce(events: StoryEvent[]): number[][] {
  const words = events.map((e) => storyWords(e.title));
  const frequency = new Map<string, number>();
  for (const set of words) for (const w of set) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const order = events.map((_, i) => i).sort((a, b) => events[a]!.seenAt.localeCompare(events[b]!.seenAt) || a - b);
  const parent = events.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let x = 0; x < order.length; x++)
    for (let y = 0; y < x; y++) {
      const [i, j] = [order[x]!, order[y]!];
      const apart = Date.parse(events[i]!.seenAt) - Date.parse(events[j]!.seenAt);
      if (apart > STORY_DAYS * DAY_MS || events[i]!.sourceId === events[j]!.sourceId) continue;
      const clue = [...words[i]!].some((w) => words[j]!.has(w) && frequency.get(w)! <= 500);
      if (clue && sameStory(words[i]!, words[j]!)) parent[root(i)] = root(j);
    }
  const groups = new Map<number, number[]>();
  events.forEach((e, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), e.id]));
  return [...groups.values()]
    .filter((g) => g.length > 1 && new Set(g.map((id) => events[id - 1]!.sourceId)).size > 1)
    .map((g) => g.sort((a, b) => a - b))
    .sort((a, b) => a[0]! - b[0]!);
}

describe('groupStories at scale', () => {
  it('finds exactly the pairs that comparing every pair finds (common words, numbers, ties in size)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Few words, so titles collide often; some very common (over 500 titles), some numbers.
    const vocab = ['model', 'ai', 'agent', 'gpt-5', 'gpt-4', 'openai', 'release', 'bench', 'record', 'chip'];
    const rare = Array.from({ length: 60 }, (_, k) => `w${k}`);
    const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
    const events: StoryEvent[] = Array.from({ length: 1500 }, (_, k) => {
      const n = 2 + Math.floor(random() * 5);
      const title = Array.from({ length: n }, () => (random() < 0.5 ? pick(vocab) : pick(rare))).join(' ');
      const at = new Date(Date.UTC(2026, 10, 1) + Math.floor(random() * 20 * DAY_MS)).toISOString();
      return { id: k + 1, title, sourceId: `s${k % 7}`, tier: 'ABCD'[k % 4]!, seenAt: at, url: `https://e/${k}` };
    });
    const found = groupStories(events)
      .map((s) => [s.lead, ...s.others].map((e) => e.id).sort((a, b) => a - b))
      .sort((a, b) => a[0]! - b[0]!);
    const expected = bruteForce(events);
    expect(expected.length).toBeGreaterThan(20);
    expect(found).toEqual(expected);
  });
});
