import { type TokenTable, tokenTable } from './token-table.js';

export interface SimilarPair {
  /** Indexes into the sets given, a < b. */
  a: number;
  b: number;
  /** Jaccard similarity, exact. */
  score: number;
}

/** Float slack: t × n computed as 3.0000000000000004 must count as 3 (a looser filter is always safe). */
const EPSILON = 1e-9;

/**
 * Every pair of word sets (a word listed twice counts once) from different groups (sources)
 * whose Jaccard similarity is at least `threshold` and that share a word — exactly, none
 * lost, and without comparing sets that merely share common words (a prefix-filtering
 * similarity join, as in AllPairs/PPJoin):
 *
 * - Tokens are ranked rarest first. Two sets reaching similarity t share a token among the
 *   first n − ⌈t·n⌉ + 1 of each (otherwise too many of its tokens would be missing from
 *   the other), so only those prefixes are probed — the rarest words of each title: a
 *   common word is reached only through titles made of little else. Sets are visited
 *   smallest first, so an indexed set only meets sets at least its size, which need a
 *   larger overlap: indexing its first n − ⌈2t/(1+t)·n⌉ + 1 tokens is enough.
 * - A candidate is dropped when the sizes rule it out (t·|x| ≤ |y| ≤ |x|), when the tokens
 *   left after the first shared one cannot make up the overlap needed (positional filter),
 *   or when a 64-bit signature of each set bounds the overlap below it; every survivor is
 *   verified with its exact similarity (the same arithmetic as `jaccard`).
 */
export function similarPairs(
  sets: readonly (readonly string[] | ReadonlySet<string>)[],
  groups: readonly string[],
  threshold: number,
): SimilarPair[] {
  const table = tokenTable(sets);
  const { tokens, start } = table;
  const count = sets.length;
  const size = (i: number) => (start[i + 1] as number) - (start[i] as number);
  const group = groupNumbers(groups);
  // Smallest first: every set already indexed is no larger than the one probing.
  const order = Array.from({ length: count }, (_, i) => i).sort((x, y) => size(x) - size(y) || x - y);
  // Token rank → [set, position in its set, set, position, …] of the sets indexed so far.
  const postings = new Map<number, number[]>();
  const stamp = new Int32Array(count).fill(-1);
  const ratio = threshold / (1 + threshold);
  const pairs: SimilarPair[] = [];

  for (const x of order) {
    const n = size(x);
    if (n === 0) continue;
    const from = start[x] as number;
    const minSize = threshold * n - EPSILON;
    const probed = prefixLength(n, threshold);
    const indexed = prefixLength(n, 2 * ratio);
    for (let i = 0; i < probed; i++) {
      const token = tokens[from + i] as number;
      const list = postings.get(token);
      if (!list) {
        if (i < indexed) postings.set(token, [x, i]);
        continue;
      }
      for (let k = 0; k < list.length; k += 2) {
        const y = list[k] as number;
        // The first shared token is the one that counts for the positional bound; later ones add nothing.
        if (stamp[y] === x) continue;
        stamp[y] = x;
        const m = size(y);
        if (m < minSize || group[y] === group[x]) continue;
        const needed = Math.max(1, Math.ceil(ratio * (n + m) - EPSILON));
        const j = list[k + 1] as number;
        if (1 + Math.min(n - 1 - i, m - 1 - j) < needed) continue;
        if (overlapBound(table, x, y, n + m) < needed) continue;
        const shared = overlap(table, x, y);
        const score = shared / (n + m - shared);
        if (score >= threshold) pairs.push({ a: Math.min(x, y), b: Math.max(x, y), score });
      }
      if (i < indexed) list.push(x, i);
    }
  }
  return pairs.sort((p, q) => p.a - q.a || p.b - q.b);
}

/**
 * How many of a set's rarest tokens must be probed so that no pair reaching `threshold` is
 * missed; with 2t/(1+t) for `threshold`, how many must be indexed (sets visited by size).
 */
export function prefixLength(size: number, threshold: number): number {
  if (threshold <= 0) return size;
  return Math.min(size, Math.max(1, size - Math.ceil(threshold * size - EPSILON) + 1));
}

function groupNumbers(groups: readonly string[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(groups, (g) => {
    let id = ids.get(g);
    if (id === undefined) ids.set(g, (id = ids.size));
    return id;
  });
}

/**
 * An upper bound on |X ∩ Y| from the signatures alone: each bit set in one signature only
 * stands for at least one token of one set missing from the other.
 */
function overlapBound({ signatures }: TokenTable, x: number, y: number, sizes: number): number {
  const differing =
    bitCount((signatures[2 * x] as number) ^ (signatures[2 * y] as number)) +
    bitCount((signatures[2 * x + 1] as number) ^ (signatures[2 * y + 1] as number));
  return (sizes - differing) / 2;
}

function bitCount(v: number): number {
  let c = v - ((v >>> 1) & 0x55555555);
  c = (c & 0x33333333) + ((c >>> 2) & 0x33333333);
  return (((c + (c >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** |X ∩ Y| of two sets, each stored as ascending ranks. */
function overlap({ tokens, start }: TokenTable, x: number, y: number): number {
  let i = start[x] as number;
  let j = start[y] as number;
  const endX = start[x + 1] as number;
  const endY = start[y + 1] as number;
  let shared = 0;
  while (i < endX && j < endY) {
    const a = tokens[i] as number;
    const b = tokens[j] as number;
    if (a === b) {
      shared++;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return shared;
}
