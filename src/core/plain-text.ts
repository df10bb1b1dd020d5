/**
 * The one sanitiser for untrusted text (feed content, stored rows, LLM output) on its way
 * in and out. A terminal obeys control characters: ESC starts clear-screen, window-title
 * and OSC 8 hyperlink sequences, and C1 codes (U+0080–U+009F) are 8-bit forms of the same.
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) make text display
 * in a different order than it reads ("Trojan Source"). None of them is ever content.
 */

// C0 except tab (09) and newline (0A), DEL, C1, bidi embeddings/overrides and isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const UNSAFE = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above, plus tab and newline.
const UNSAFE_OR_BREAK = /[\x00-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/g;

/** Text with every control character and bidi override removed; newline and tab kept. */
export function plainText(text: string): string {
  // CR is dropped, not kept: a bare CR rewrites the line a terminal is showing.
  return text.replace(UNSAFE, '');
}

/** One line of plain text (table cells, log lines): tab and newline become spaces. */
export function plainLine(text: string): string {
  return text.replace(UNSAFE_OR_BREAK, (c) => (c === '\n' || c === '\t' || c === '\r' ? ' ' : ''));
}

/** The same value with every string in it (deeply, through arrays and plain objects) made plainText. */
export function plainDeep<T>(value: T): T {
  if (typeof value === 'string') return plainText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => plainDeep(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainDeep(v);
    return out as T;
  }
  return value;
}
