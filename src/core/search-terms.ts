/**
 * The words and numbers of a search query, lower-cased, each once: what every dialect's full-text
 * index is asked for (all of them required). Anything else — quotes, operators, punctuation —
 * separates words and is otherwise ignored, so no query syntax of either database is reachable.
 */
export function searchTerms(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  // Bounded: a pasted paragraph must not become a thousand-term query.
  return [...new Set(words.map((w) => w.slice(0, MAX_TERM_LENGTH)))].slice(0, MAX_TERMS);
}

export const MAX_TERMS = 16;
const MAX_TERM_LENGTH = 64;
