const STOPWORDS = new Set(
  (
    'a an and are as at be by for from has have in into is it its of on or our that the their this to ' +
    'was we were will with new how why what via vs'
  ).split(' '),
);

/**
 * A word is a run of letters and digits; a number keeps its decimal point or thousands
 * separator ("4.5", "1,000", "gpt4.5"), so "GPT-4.5" is {gpt, 4.5} and never {gpt, 4, 5}.
 * A "." or "," counts only between two digits: "GPT-5." and "A.I" split as usual.
 */
const WORD = /[\p{L}\p{N}]+(?:(?<=\p{N})[.,]\p{N}+)*/gu;
/** The same for a lower-cased ASCII title (most titles): a third faster, and NFKC changes nothing in ASCII. */
const ASCII_WORD = /[a-z0-9]+(?:(?<=[0-9])[.,][0-9]+)*/g;
// eslint-disable-next-line no-control-regex
const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * Title → its content words: lower-cased, words as above, stopwords dropped, a plural "s"
 * folded (model/models). Numbers are tokens as written: "GPT-5" ≠ "GPT-4", "4.5" ≠ "5.5".
 * A word may come twice; as a set, see `titleTokens`.
 */
export function titleWords(title: string): string[] {
  const lower = title.toLowerCase();
  const ascii = !NOT_ASCII.test(lower);
  const words = ascii ? ASCII_WORD : WORD;
  const text = ascii ? lower : lower.normalize('NFKC');
  const tokens: string[] = [];
  words.lastIndex = 0;
  for (let match = words.exec(text); match; match = words.exec(text)) {
    const word = match[0];
    if (STOPWORDS.has(word)) continue;
    tokens.push(word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);
  }
  return tokens;
}

/** A title's content words as a set: what its similarity is measured on. */
export function titleTokens(title: string): Set<string> {
  return new Set(titleWords(title));
}

/** Jaccard similarity of two token sets: |A ∩ B| / |A ∪ B|, 0 when both are empty. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const t of small) if (large.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}
