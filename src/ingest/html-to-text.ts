import { Parser } from 'htmlparser2';

/** Elements whose content is never text a reader should see. */
const HIDDEN = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'svg',
  'head',
  'title',
  'meta',
]);
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

/**
 * HTML (or plain text with entities) → one line of plain text: tags dropped, script and
 * style content dropped, entities decoded, whitespace folded, cut at `maxLength`.
 * A real tokenizer, not a regex: feed HTML is often broken on purpose.
 */
export function htmlToText(html: string, maxLength: number): string {
  if (!/[<&]/.test(html)) return fold(html, maxLength);
  const parts: string[] = [];
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
  parser.write(html);
  parser.end();
  return fold(parts.join(''), maxLength);
}

function fold(text: string, maxLength: number): string {
  const folded = text.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
  if (folded.length <= maxLength) return folded;
  const cut = folded.slice(0, maxLength - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength * 0.8 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
