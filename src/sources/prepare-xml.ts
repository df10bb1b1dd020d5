import { decodeHTMLStrict, decodeXML } from 'entities';
import { bodyPrefix } from '../core/body-prefix.js';
import { FeedError } from './feed-error.js';

const FEED_ROOTS = /^(rss|feed|([\w-]+:)?rdf)$/i;

export interface PreparedXml {
  xml: string;
  root: string;
  /** xml:base of the root element, if any (relative links resolve against it). */
  base: string | null;
}

/**
 * Makes decoded text safe and acceptable to a strict XML parser, or says why it is not a feed.
 * - The DOCTYPE is dropped: no entity is ever declared, so entity bombs and external
 *   entities fail at their first reference instead of expanding or fetching anything.
 * - HTML named entities (&nbsp;) become numeric references; bare "&" becomes "&amp;".
 * - Markup inside text elements (Atom xhtml, raw tags in RSS) becomes escaped HTML text.
 */
export function prepareXml(text: string): PreparedXml {
  let xml = text.replace(/^\uFEFF/, '');
  // Characters XML 1.0 forbids (raw control codes) break strict parsers for nothing.
  // eslint-disable-next-line no-control-regex -- removing control characters is the point.
  const ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
  if (ILLEGAL.test(xml)) xml = xml.replace(ILLEGAL, '');
  if (xml.trim() === '') throw new FeedError('empty body: no feed');

  const rootMatch = findRoot(xml);
  if (!rootMatch) {
    const start = bodyPrefix(xml);
    throw new FeedError(
      xml.trimStart().startsWith('<') ? 'no root element: not a feed' : `not XML: body starts with "${start}"`,
    );
  }
  const root = rootMatch.name;
  if (/^(html|head|body)$/i.test(root)) throw new FeedError('got an HTML page, not a feed');
  if (!FEED_ROOTS.test(root)) throw new FeedError(`XML is not a feed (root element <${bodyPrefix(root, 40)}>)`);

  if (/<!DOCTYPE/i.test(xml)) xml = xml.replace(/<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/i, '');
  xml = markupAsHtml(fixEntities(dropIllegalReferences(xml)));
  const base = rootMatch.tag.match(/\bxml:base\s*=\s*["']([^"']*)["']/)?.[1] ?? null;
  return { xml, root, base };
}

/** First element name after the prolog, comments, processing instructions and doctype. */
function findRoot(xml: string): { name: string; tag: string } | null {
  const skip = /^\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)/i;
  let rest = xml;
  for (let m = rest.match(skip); m; m = rest.match(skip)) rest = rest.slice(m[0].length);
  const tag = rest.match(/^\s*<([A-Za-z_][\w.:-]*)[^>]*>?/);
  if (!tag?.[1]) return null;
  return { name: tag[1], tag: tag[0] };
}

// A character reference to a code point XML 1.0 forbids (&#27; is ESC): strict parsers
// reject the whole document for it, and the character is never content anyway. CDATA
// sections are skipped whole: a reference there is text, decoded (and cleaned) later.
const NUMERIC_REF_OR_CDATA = /<!\[CDATA\[[\s\S]*?\]\]>|&#(?:[xX]([0-9a-fA-F]{1,8})|(\d{1,10}));/g;

function dropIllegalReferences(xml: string): string {
  if (!xml.includes('&#')) return xml;
  return xml.replace(NUMERIC_REF_OR_CDATA, (whole, hex: string | undefined, dec: string | undefined) => {
    if (hex === undefined && dec === undefined) return whole;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return isXmlChar(code) ? whole : '';
  });
}

function isXmlChar(code: number): boolean {
  if (code < 0x20) return code === 0x9 || code === 0xa || code === 0xd;
  if (code < 0xd800) return true;
  if (code < 0xe000) return false;
  return code <= 0x10ffff && code !== 0xfffe && code !== 0xffff;
}

// Only "&" that XML would reject: the five XML entities and numeric references never reach
// the callback (feeds are full of them), CDATA sections are skipped whole.
const SUSPECT_AMP = /<!\[CDATA\[[\s\S]*?\]\]>|&(?!(?:amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});)([\w.-]*;?)/g;

function fixEntities(xml: string): string {
  return xml.replace(SUSPECT_AMP, (whole, ref: string | undefined) => {
    if (ref === undefined) return whole;
    const name = ref.endsWith(';') ? ref.slice(0, -1) : null;
    if (name) {
      const decoded = decodeHTMLStrict(`&${name};`);
      // Known HTML entity → numeric; unknown (e.g. a DTD-declared one) → left to fail.
      if (decoded !== `&${name};`) return [...decoded].map((c) => `&#${c.codePointAt(0)};`).join('');
      return whole;
    }
    return `&amp;${ref}`;
  });
}

// A text element: Atom's text constructs, RSS description and content:encoded (any prefix).
const TEXT_ELEMENT = new RegExp(
  // <name attributes> (not self-closing), then the text up to </name>
  /<((?:[\w.-]+:)?(?:title|summary|content|subtitle|rights|description|encoded))/.source +
    /(\s[^>]*?)?(?<!\/)>([\s\S]*?)<\/\1\s*>/.source,
  'g',
);

/**
 * Markup written as XML inside a text element — Atom type="xhtml", or raw tags in an RSS
 * <description> (reddit) — becomes the same markup as escaped HTML text (a CDATA section).
 * rss-parser reads such children through xml2js, which groups child elements by name and
 * so loses their order: "submitted by <a>X</a> to <a>r/Y</a>" came out as "submitted by to X r/Y".
 */
function markupAsHtml(xml: string): string {
  return xml.replace(TEXT_ELEMENT, (whole, name: string, attrs: string | undefined, inner: string) => {
    if (!/<[A-Za-z]/.test(inner) || inner.includes('<![CDATA[')) return whole;
    const xhtml = /\btype\s*=\s*["']xhtml["']/.test(attrs ?? '');
    // XHTML is a document: its text stays as written. RSS text beside raw tags is escaped
    // HTML (as the element's text alone would be): decoded once, it is HTML again.
    const html = xhtml
      ? inner
      : inner.replace(/(<[^>]*>)|([^<]+)/g, (_m, tag?: string, text?: string) => tag ?? decodeXML(text ?? ''));
    const htmlAttrs = (attrs ?? '').replace(/\btype\s*=\s*["']xhtml["']/, 'type="html"');
    return `<${name}${htmlAttrs}><![CDATA[${html.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]></${name}>`;
  });
}
