/**
 * Sets of words packed for a similarity join: each word replaced by its rank (0 = the word
 * in the fewest sets, ties by spelling), each set's ranks ascending — so a set's rarest
 * words come first — and all sets in one flat array (set i is tokens[start[i]..start[i+1]),
 * which keeps the join's inner loop in a few cache-friendly typed arrays and allocates
 * nothing per set. `signatures` holds two 32-bit words per set, bit (rank mod 64) set for
 * each of its ranks. A word listed twice in one set counts once.
 */
export interface TokenTable {
  tokens: Int32Array;
  start: Int32Array;
  signatures: Int32Array;
}

export function tokenTable(sets: readonly (readonly string[] | ReadonlySet<string>)[]): TokenTable {
  // Pass 1: each distinct word gets an id in order of appearance; count the sets holding it.
  const ids = new Map<string, number>();
  const words: string[] = [];
  const frequency: number[] = [];
  const lastSet: number[] = [];
  let capacity = 0;
  for (const set of sets) capacity += 'size' in set ? set.size : set.length;
  const tokens = new Int32Array(capacity);
  const start = new Int32Array(sets.length + 1);
  let at = 0;
  sets.forEach((set, i) => {
    start[i] = at;
    for (const word of set) {
      let id = ids.get(word);
      if (id === undefined) {
        id = words.length;
        ids.set(word, id);
        words.push(word);
        frequency.push(0);
        lastSet.push(-1);
      }
      if (lastSet[id] === i) continue;
      lastSet[id] = i;
      frequency[id] = (frequency[id] as number) + 1;
      tokens[at++] = id;
    }
  });
  start[sets.length] = at;

  // Pass 2: ids → ranks, rarest first, each set sorted, and its signature.
  const byRarity = words.map((_, id) => id);
  byRarity.sort((a, b) => {
    const wa = words[a] as string;
    const wb = words[b] as string;
    return (frequency[a] as number) - (frequency[b] as number) || (wa < wb ? -1 : wa > wb ? 1 : 0);
  });
  const rank = new Int32Array(words.length);
  byRarity.forEach((id, r) => {
    rank[id] = r;
  });
  const signatures = new Int32Array(2 * sets.length);
  for (let i = 0; i < sets.length; i++) {
    const from = start[i] as number;
    const to = start[i + 1] as number;
    for (let k = from; k < to; k++) {
      const r = rank[tokens[k] as number] as number;
      tokens[k] = r;
      const word = 2 * i + ((r >> 5) & 1);
      signatures[word] = (signatures[word] as number) | (1 << (r & 31));
    }
    tokens.subarray(from, to).sort();
  }
  return { tokens: tokens.subarray(0, at), start, signatures };
}
