/**
 * A deliberately simple, independent reading of a feed, to judge what the tracker stored:
 * htmlparser2's DOM in XML mode, every <item>/<entry> element, and plain rules of what
 * each field is (feedparser's). It shares no code with src/: not our decoder, parser,
 * HTML-to-text or date reader.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';

export interface ExpectedItem {
  /** Absolute http(s) link, or null when the reader finds none it can resolve. */
  link: string | null;
  /** ISO instant, null when the item carries no date, undefined when this reader cannot read it. */
  date: string | null | undefined;
  authors: string[];
  /** Plain text of the summary (or, without one, the content), whitespace removed. */
  summaryLetters: string;
}

const local = (el: Element) => el.name.replace(/^.*:/, '').toLowerCase();
const isEl = (n: AnyNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const kids = (el: Element) => el.children.filter(isEl);
const child = (el: Element, ...names: string[]) => {
  for (const name of names) {
    const found = kids(el).find((c) => c.name.toLowerCase() === name);
    if (found) return found;
  }
  return undefined;
};

/** Text of an element: escaped HTML for RSS and Atom type="html", markup in document order for xhtml. */
function textOf(el: Element | undefined): string {
  if (!el) return '';
  const raw = DomUtils.textContent(el);
  const type = el.attribs.type?.toLowerCase();
  if (type === 'xhtml' || type === 'text' || type === 'text/plain') return type === 'xhtml' ? visibleText(el) : raw;
  // RSS bodies and Atom type="html": the text is itself HTML.
  return visibleText(parseDocument(raw, { decodeEntities: true }));
}

function visibleText(node: AnyNode | ReturnType<typeof parseDocument>): string {
  if (node.type === 'text') return (node as unknown as { data: string }).data;
  if (
    isEl(node as AnyNode) &&
    /^(script|style|noscript|template|iframe|object|svg|head|title|meta)$/i.test((node as Element).name)
  )
    return '';
  const children = (node as { children?: AnyNode[] }).children ?? [];
  return children.map((c) => visibleText(c)).join(' ');
}

const letters = (s: string) =>
  // eslint-disable-next-line no-control-regex -- control characters are not content
  s.replace(/[\s\u200b\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+/g, '');

/** The xml:base in force at an element: its own and its ancestors', resolved outward in. */
function baseOf(el: Element, documentUrl: string): string {
  const chain: string[] = [];
  for (let n: Element | null = el; n; n = n.parent as Element | null) {
    const b = n.attribs?.['xml:base'];
    if (b) chain.unshift(b);
  }
  return chain.reduce((base, b) => {
    try {
      return new URL(b.trim(), base).href;
    } catch {
      return base;
    }
  }, documentUrl);
}

function linkOf(item: Element, documentUrl: string): string | null {
  let href: string | undefined;
  if (local(item) === 'entry') {
    // Atom: the alternate link (rel defaults to alternate), else the first.
    const atom = kids(item).filter((c) => local(c) === 'link' && c.attribs.href !== undefined);
    href = (atom.find((l) => (l.attribs.rel ?? 'alternate') === 'alternate') ?? atom[0])?.attribs.href;
  } else {
    // RSS: the element <link> itself, not an atom:link beside it.
    const link = kids(item).find((c) => c.name.toLowerCase() === 'link');
    if (link) href = DomUtils.textContent(link);
  }
  const orig = kids(item).find((c) => c.name.toLowerCase() === 'feedburner:origlink');
  if (orig) href = DomUtils.textContent(orig);
  if (!href?.trim()) {
    const id = child(item, 'guid', 'id');
    const text = id ? DomUtils.textContent(id).trim() : '';
    if (/^https?:\/\//i.test(text)) href = text;
  }
  if (!href?.trim()) return null;
  try {
    const url = new URL(href.trim(), baseOf(item, documentUrl));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return null;
  }
}

const MONTHS: Record<string, number> = {};
// English, Portuguese, Spanish, French, German, Italian, Dutch: first three letters.
for (const names of [
  'jan feb mar apr may jun jul aug sep oct nov dec',
  'jan fev mar abr mai jun jul ago set out nov dez',
  'ene feb mar abr may jun jul ago sep oct nov dic',
  'jan fév mar avr mai jui jul aoû sep oct nov déc',
  'jan feb mär apr mai jun jul aug sep okt nov dez',
  'gen feb mar apr mag giu lug ago set ott nov dic',
  'jan feb maa apr mei jun jul aug sep okt nov dec',
])
  names.split(' ').forEach((m, i) => (MONTHS[m] ??= i));

/** ISO 8601 or RFC 822 "[Day,] 24 Set 2018 19:42:40 -0300", month names in several languages. */
function readDate(text: string): string | undefined {
  const t = text.trim();
  const iso = t.match(/^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?)?\s*(Z|[+-]\d\d:?\d\d)?$/i);
  if (iso) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', zone = 'Z'] = iso;
    return instant(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), zone);
  }
  const rfc = t.match(
    /(\d{1,2})\s+([^\s\d.,]+)\.?,?\s+(\d{2,4})\s+(\d{1,2}):(\d\d)(?::(\d\d))?\s*([+-]\d{4}|[A-Za-z]{1,5})?/u,
  );
  if (!rfc) return undefined;
  const [, d, name = '', y, h, mi, s = '00', zone = 'GMT'] = rfc;
  const month = MONTHS[name.toLowerCase().slice(0, 3)];
  if (month === undefined) return undefined;
  const year = Number(y) < 100 ? 2000 + Number(y) : Number(y);
  return instant(year, month, Number(d), Number(h), Number(mi), Number(s), zone);
}

const ZONES: Record<string, number> = {
  GMT: 0,
  UT: 0,
  UTC: 0,
  Z: 0,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
};

function instant(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): string | undefined {
  let offsetMin: number;
  const z = zone.toUpperCase();
  const numeric = z.match(/^([+-])(\d\d):?(\d\d)$/);
  if (numeric) offsetMin = (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  else if (z in ZONES) offsetMin = (ZONES[z] as number) * 60;
  else return undefined;
  const ms = Date.UTC(y, mo, d, h, mi, s) - offsetMin * 60_000;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** feedparser's order: a publication date first, else the last update. */
function dateOf(item: Element): string | null | undefined {
  const names = ['published', 'pubdate', 'dc:date', 'issued', 'created', 'updated', 'modified', 'dc:modified'];
  const found = names
    .map((n) => kids(item).find((c) => c.name.toLowerCase() === n))
    .find((el) => el && DomUtils.textContent(el).trim());
  return found ? readDate(DomUtils.textContent(found)) : null;
}

function authorsOf(item: Element): string[] {
  const out: string[] = [];
  for (const c of kids(item)) {
    const name = c.name.toLowerCase();
    if (name === 'author' || name === 'dc:creator' || name === 'itunes:author') {
      const nameEl = kids(c).find((k) => local(k) === 'name');
      const text = DomUtils.textContent(nameEl ?? c)
        .replace(/\s+/g, ' ')
        .trim();
      if (text) out.push(text);
    }
  }
  return out;
}

function summaryOf(item: Element): string {
  const isAtom = local(item) === 'entry';
  const order = isAtom
    ? ['summary', 'content', 'itunes:summary']
    : ['description', 'content:encoded', 'itunes:summary'];
  for (const name of order) {
    // Atom's own elements are unprefixed (or atom:); a prefix names another vocabulary.
    const el = kids(item).find((c) => c.name.toLowerCase().replace(/^atom:/, '') === name);
    const text = textOf(el);
    if (letters(text)) return text;
  }
  return '';
}

/** Every item or entry of the document, read plainly. */
export function readFeedIndependently(xml: string, documentUrl: string): ExpectedItem[] {
  const doc = parseDocument(xml, { xmlMode: true, decodeEntities: true });
  const items = DomUtils.findAll((el) => local(el) === 'item' || local(el) === 'entry', doc.children);
  return items.map((item) => ({
    link: linkOf(item, documentUrl),
    date: dateOf(item),
    authors: authorsOf(item),
    summaryLetters: letters(summaryOf(item)),
  }));
}
