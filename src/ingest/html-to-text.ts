import { Parser } from 'htmlparser2';
import { plainText } from '../core/plain-text.js';

/** Elements whose content is never text a reader should see. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'head', 'title', 'meta']);
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'td',
  'th',
  'blockquote',
  'pre',
  'section',
  'article',
  'figure',
  'figcaption',
  'hr',
  'table',
]);

// One parser, reset per call: building a tokenizer per item cost more than parsing it.
// Safe because parsing is synchronous: no two calls interleave.
let parts: string[] = [];
let hiddenDepth = 0;
const parser = new Parser(
  {
    onopentag(name) {
      if (HIDDEN.has(name)) hiddenDepth++;
      if (BLOCK.has(name)) parts.push(' ');
    },
    onclosetag(name) {
      if (HIDDEN.has(name) && hiddenDepth > 0) hiddenDepth--;
      if (BLOCK.has(name)) parts.push(' ');
    },
    ontext(text) {
      if (hiddenDepth === 0) parts.push(text);
    },
  },
  { decodeEntities: true, lowerCaseTags: true },
);

/**
 * HTML (or plain text with entities) → one line of plain text: tags dropped, script and
 * style content dropped, entities decoded, control characters and bidi overrides removed
 * (after decoding: "&#27;" is an ESC only once decoded), whitespace folded, cut at `maxLength`.
 * A real tokenizer, not a regex: feed HTML is often broken on purpose.
 */
export function htmlToText(html: string, maxLength: number): string {
  if (!/[<&]/.test(html)) return fold(plainText(html), maxLength);
  parts = [];
  hiddenDepth = 0;
  parser.reset();
  // Text beyond what we keep is never needed: bound the work on full-article content.
  parser.write(html.length > maxLength * 16 ? html.slice(0, maxLength * 16) : html);
  parser.end();
  const text = parts.join('');
  parts = [];
  return fold(plainText(text), maxLength);
}

// Runs of whitespace, or one whitespace character that is not a plain space: single spaces,
// by far the most common, never match, which makes folding several times faster.
const WHITESPACE = /[\s\u200b]{2,}|[^\S ]|\u200b/g;

function fold(text: string, maxLength: number): string {
  const folded = text.replace(WHITESPACE, ' ').trim();
  if (folded.length <= maxLength) return folded;
  const cut = folded.slice(0, maxLength - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength * 0.8 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
