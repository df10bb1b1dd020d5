import { plainLine } from './plain-text.js';

export interface Snippet {
  /** One line of plain text. */
  text: string;
  /** [start, end) offsets in `text` of the words that matched a term. */
  highlights: [number, number][];
}

/**
 * A window of about `width` characters of the first text that holds a term, centred on the
 * first match, with every matching word marked. Plain data: the terminal renderer colours the
 * highlights, `--json` prints the offsets. Both databases stem words; here a word matches a
 * term when it starts with it or with its stem (a trailing "s" dropped), so "model" marks "models".
 */
export function snippetOf(texts: readonly (string | null)[], terms: readonly string[], width = 160): Snippet {
  const lines = texts.filter((t): t is string => Boolean(t)).map((t) => plainLine(t).replace(/\s+/g, ' ').trim());
  for (const line of lines) {
    const marks = matches(line, terms);
    if (marks.length > 0) return window(line, marks, width);
  }
  return window(lines[0] ?? '', [], width);
}

function matches(line: string, terms: readonly string[]): [number, number][] {
  const stems = terms.map((t) => (t.length > 3 && t.endsWith('s') ? t.slice(0, -1) : t));
  const out: [number, number][] = [];
  for (const m of line.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = m[0].toLowerCase();
    if (stems.some((s) => word.startsWith(s))) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

function window(line: string, marks: [number, number][], width: number): Snippet {
  if (line.length <= width) return { text: line, highlights: marks };
  const first = marks[0]?.[0] ?? 0;
  let start = Math.max(0, Math.min(first - Math.floor(width / 3), line.length - width));
  // Start and end on word boundaries where one is near.
  if (start > 0) {
    const space = line.indexOf(' ', start);
    if (space !== -1 && space < first) start = space + 1;
  }
  let end = Math.min(line.length, start + width);
  if (end < line.length) {
    const space = line.lastIndexOf(' ', end);
    if (space > Math.max(start, marks[0]?.[1] ?? start)) end = space;
  }
  const lead = start > 0 ? '…' : '';
  const text = `${lead}${line.slice(start, end)}${end < line.length ? '…' : ''}`;
  const shift = lead.length - start;
  const highlights = marks
    .filter(([s, e]) => s >= start && e <= end)
    .map(([s, e]): [number, number] => [s + shift, e + shift]);
  return { text, highlights };
}
