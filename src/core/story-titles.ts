/**
 * Whether two headlines tell the same story, by containment: the shorter title's content words
 * (almost) all appear in the longer one. "OpenAI releases o5 reasoning model" and "OpenAI
 * Releases o5 Reasoning Model, Claims Big Gains" share 5 of the shorter's 5 words — one
 * story — though their Jaccard index (5/8) is under dedupe-check's 0.7. Kept apart from
 * ingest/title-similarity.ts (dedupe-check's Jaccard), which has its own rules.
 */

const STOPWORDS = new Set(
  (
    'a an and are as at be by for from has have in into is it its of on or our that the their this to ' +
    'was we were will with new how why what via vs says said'
  ).split(' '),
);

/** A title's content words: lower-cased, letters and digits, stopwords dropped, a plural "s" folded. */
export function storyWords(title: string): Set<string> {
  const words = new Set<string>();
  for (const w of title
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)) {
    if (!w || STOPWORDS.has(w)) continue;
    words.add(w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
  }
  return words;
}

/** The share of the shorter title's words that the longer one holds. */
export const CONTAINMENT = 0.8;
/** Shorter titles than this many content words say too little to be matched ("AI news"). */
export const MIN_WORDS = 3;

/**
 * Same story: the shorter holds at least MIN_WORDS words, CONTAINMENT of them are in the longer,
 * and every number of the shorter is in the longer ("GPT-5" is not "GPT-4").
 */
export function sameStory(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size < MIN_WORDS) return false;
  let shared = 0;
  for (const w of small) {
    if (large.has(w)) shared++;
    else if (/\d/.test(w)) return false;
  }
  return shared / small.size >= CONTAINMENT;
}
