import { exported } from '../core/module-interop.js';
import type { PageSelectors, RawItem } from '../core/types.js';
import { FeedError } from './feed-error.js';

/** A page listing more than this many items is not a news index; the rest are not read. */
export const MAX_PAGE_ITEMS = 1000;

/**
 * Deeper markup is refused before it is parsed: a tree builder's work grows with the square of
 * the depth (100,000 nested elements take minutes), and no news index nests this deep.
 * Chromium's parser stops nesting at the same 512.
 */
export const MAX_PAGE_DEPTH = 512;

/** Elements whose content is never a page's items (a template is inert, a script is code). */
const INERT = 'template, noscript, script, style, iframe, svg, textarea';

/** `selector@attribute`, or `@attribute` of the item itself, or a bare selector (its HTML). */
const ATTRIBUTE = /@([A-Za-z_:][-A-Za-z0-9_:.]*)$/;

export interface ParsedPage {
  items: RawItem[];
  /** The page's `<base href>`, if any: links resolve against it, as a browser resolves them. */
  base: string | null;
}

interface Field {
  selector: string;
  attribute: string | null;
}

/** A field selector split into its CSS part and the attribute it reads (README: page sources). */
export function parseField(value: string): Field {
  const m = ATTRIBUTE.exec(value.trim());
  return m
    ? { selector: value.trim().slice(0, m.index).trim(), attribute: (m[1] as string).toLowerCase() }
    : { selector: value.trim(), attribute: null };
}

/**
 * An HTML news index → its items, read by CSS selectors (FreshRSS's "web scraping" model):
 * `item` picks each entry, the others are relative to it. A title or summary is the element's
 * HTML, made plain text by the same normaliser as feed text; a link, date or any `@attr` is
 * the attribute's value. A link defaults to the item's first `a[href]` (or the item's own
 * href). Parsed with cheerio (parse5): malformed markup is read as a browser reads it.
 */
export async function parsePage(html: string, selectors: PageSelectors): Promise<ParsedPage> {
  const depth = nestingDepth(html);
  if (depth > MAX_PAGE_DEPTH) throw new FeedError(`page: markup nested deeper than ${MAX_PAGE_DEPTH} elements`);
  const load = exported<typeof import('cheerio').load>(await import('cheerio'), 'load');
  const $ = load(html);
  const select = (root: Parameters<typeof $>[0], selector: string, name: string) => {
    try {
      return $(root).find(selector);
    } catch {
      throw new FeedError(`page: the ${name} selector "${selector}" is not valid CSS`);
    }
  };
  let items;
  try {
    // A <template>'s content is a fragment of its own (outside <body>); inert elements are no content.
    items = $(selectors.item).filter((_, el) => $(el).closest('body').length > 0 && $(el).closest(INERT).length === 0);
  } catch {
    throw new FeedError(`page: the item selector "${selectors.item}" is not valid CSS`);
  }
  if (items.length === 0) throw new FeedError(`page: the item selector "${selectors.item}" matches nothing`);

  const read = (item: Parameters<typeof $>[0], name: keyof PageSelectors, fallback?: Field): string | undefined => {
    const spec = selectors[name];
    const field = spec ? parseField(spec) : fallback;
    if (!field) return undefined;
    const target = field.selector === '' ? $(item) : select(item, field.selector, name).first();
    if (target.length === 0) return undefined;
    const value = field.attribute ? target.attr(field.attribute) : target.html();
    return value ?? undefined;
  };
  const out: RawItem[] = [];
  items.slice(0, MAX_PAGE_ITEMS).each((_, item) => {
    const ownLink = $(item).is('a[href]')
      ? { selector: '', attribute: 'href' }
      : { selector: 'a[href]', attribute: 'href' };
    out.push({
      title: read(item, 'title'),
      link: read(item, 'link', ownLink)?.trim(),
      published: read(item, 'date', undefined)?.trim(),
      summary: read(item, 'summary'),
    });
  });
  const base = $('base[href]').first().attr('href')?.trim();
  return { items: out, base: base || null };
}

/** Elements that never nest (void) or whose end tag may be left out (a sloppy page's many <p>). */
const FLAT = new Set(
  (
    'area base br col embed hr img input link meta param source track wbr ' +
    'p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rp rt html head body'
  ).split(' '),
);
/** Comments, raw-text elements (their content is not markup), and tags. */
const TOKEN = new RegExp(
  [
    '<!--[\\s\\S]*?(?:-->|$)',
    '<(script|style|textarea|title)\\b[\\s\\S]*?(?:<\\/\\1\\s*>|$)',
    '<(\\/?)([a-zA-Z][a-zA-Z0-9-]*)\\b[^>]*?(\\/?)>',
  ].join('|'),
  'gi',
);

/**
 * How deeply the markup nests, in one linear pass (tree builders, htmlparser2's included, slow
 * down with the square of the depth, so they cannot be asked). Tags that never nest or may be
 * left open are not counted, so untidy but shallow pages pass.
 */
function nestingDepth(html: string): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(TOKEN)) {
    const name = m[3]?.toLowerCase();
    if (!name || FLAT.has(name) || m[4] === '/') continue;
    if (m[2] === '/') depth = Math.max(0, depth - 1);
    else max = Math.max(max, ++depth);
  }
  return max;
}
