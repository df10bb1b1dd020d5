const STOPWORDS = new Set(
  (
    'a an and are as at be by for from has have in into is it its of on or our that the their this to ' +
    'was we were will with new how why what via vs'
  ).split(' '),
);

/**
 * Title → set of content words: lower-cased, split on anything not a letter or digit,
 * stopwords dropped, a plural "s" folded (model/models). Numbers are kept: "GPT-5" ≠ "GPT-4".
 */
export function titleTokens(title: string): Set<string> {
  const tokens = new Set<string>();
  for (const word of title
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)) {
    if (!word || STOPWORDS.has(word)) continue;
    tokens.add(word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);
  }
  return tokens;
}

/** Jaccard similarity of two token sets: |A ∩ B| / |A ∪ B|, 0 when both are empty. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const t of small) if (large.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}
