import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nearDuplicates } from '../../src/ingest/dedupe-check.js';
import { prefixLength, similarPairs } from '../../src/ingest/similar-pairs.js';
import { jaccard, titleTokens } from '../../src/ingest/title-similarity.js';

interface Labelled {
  threshold: number;
  pairs: { near: boolean; a: string; b: string }[];
}
const labelled = JSON.parse(
  readFileSync(new URL('../fixtures/near-duplicates.json', import.meta.url), 'utf8'),
) as Labelled;

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('titleTokens', () => {
  it.each([
    ['Introducing GPT-4.5', ['introducing', 'gpt', '4.5']],
    ['xAI builds a cluster of 100,000 GPUs', ['xai', 'build', 'cluster', '100,000', 'gpu']],
    ['Qwen2.5-Max beats GPT-5.', ['qwen2.5', 'max', 'beat', 'gpt', '5']],
    ['A.I. models, 3 of them', ['i', 'model', '3', 'them']],
  ])('%s', (title, tokens) => {
    expect([...titleTokens(title)]).toEqual(tokens);
  });
});

describe('near-duplicates on the labelled pairs', () => {
  // 30,000 titles ahead of the labelled ones, each with two of their words: every word of the
  // labelled titles is then in over 500 titles, so a method that stops comparing common
  // words loses pairs. Fillers are never near anything (2 shared words of 5 or more).
  const words = [...new Set(labelled.pairs.flatMap((p) => [...titleTokens(p.a), ...titleTokens(p.b)]))];
  const fillers = Array.from({ length: 30_000 }, (_, i) => ({
    id: i + 1,
    title: `${words[i % words.length]} ${words[(i + 1) % words.length]} bulletin n${i} x${i}`,
    source_id: `filler-${i % 7}`,
  }));
  const rows = [
    ...fillers,
    ...labelled.pairs.flatMap((p, k) => [
      { id: 100_000 + 2 * k, title: p.a, source_id: 'lab' },
      { id: 100_001 + 2 * k, title: p.b, source_id: 'news' },
    ]),
  ];
  const groups = nearDuplicates(rows, labelled.threshold);

  it.each(labelled.pairs.map((p, k) => [p.near ? 'groups' : 'keeps apart', p.a, p.b, k] as const))(
    '%s "%s" and "%s"',
    (_, a, b, k) => {
      const together = groups.some((g) =>
        [100_000 + 2 * k, 100_001 + 2 * k].every((id) => g.events.some((e) => e.id === id)),
      );
      expect(together).toBe(labelled.pairs[k]?.near);
    },
  );

  it('finds no other group (the fillers are near nothing)', () => {
    expect(groups).toHaveLength(labelled.pairs.filter((p) => p.near).length);
  });
});

describe('similarPairs loses no pair', () => {
  // Titles drawn from a small vocabulary, so most words are in hundreds of titles, checked
  // against every pair compared directly.
  const next = random(13);
  const vocabulary = Array.from({ length: 40 }, (_, i) => `w${i}`);
  const sets = Array.from({ length: 900 }, () => {
    const size = 1 + Math.floor(next() * 8);
    // Skewed towards the first words: a few very common ones, a long tail.
    return new Set(
      Array.from({ length: size }, () => vocabulary[Math.floor(next() ** 2 * vocabulary.length)] as string),
    );
  });
  const sources = sets.map((_, i) => `s${i % 9}`);

  // Every pair with a shared word, compared directly, once.
  const direct: { key: string; score: number }[] = [];
  for (let a = 0; a < sets.length; a++)
    for (let b = a + 1; b < sets.length; b++) {
      if (sources[a] === sources[b]) continue;
      const score = jaccard(sets[a] as Set<string>, sets[b] as Set<string>);
      if (score > 0) direct.push({ key: `${a}-${b}:${score}`, score });
    }

  it.each([0, 0.3, 0.5, 0.6, 0.7, 0.75, 0.9, 1])('at threshold %s, as comparing every pair', (threshold) => {
    const expected = direct.filter((p) => p.score >= threshold).map((p) => p.key);
    const found = similarPairs(sets, sources, threshold).map((p) => `${p.a}-${p.b}:${p.score}`);
    expect(found.length).toBeGreaterThan(threshold === 1 ? 10 : 100);
    expect(found).toEqual(expected);
  });

  it('indexes enough of each set whatever the float rounding of threshold × size', () => {
    // 0.3 × 10 is 3.0000000000000004 in floating point: the prefix must still be 10 − 3 + 1.
    expect(prefixLength(10, 0.3)).toBe(8);
    expect(prefixLength(3, 0.7)).toBe(1);
    expect(prefixLength(10, 0.7)).toBe(4);
    expect(prefixLength(4, 1)).toBe(1);
    expect(prefixLength(5, 0)).toBe(5);
  });
});
