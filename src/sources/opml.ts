import { Parser } from 'htmlparser2';
import { escapeHtml } from '../core/escape.js';
import { plainLine } from '../core/plain-text.js';
import type { Source } from '../core/types.js';

/** One feed an OPML file lists: attributes as written (untrusted), plus the folder it sits in. */
export interface OpmlFeed {
  title: string;
  xmlUrl: string;
  /** The outline's `category` attribute, else the title of the folder outline around it. */
  category: string | null;
  /** agi-tracker's own attributes, present in files it exported. */
  tier: string | null;
  enabled: boolean | null;
  description: string | null;
}

export interface OpmlRead {
  feeds: OpmlFeed[];
  /** Outlines that are not feeds (no xmlUrl), by their title. */
  skipped: { outline: string; reason: string }[];
}

/** A file bigger than this is not a reading list; nor is one with more outlines. */
export const MAX_OPML_OUTLINES = 10_000;

interface Open {
  attrs: Record<string, string>;
  children: number;
}

/**
 * OPML 1.0/2.0 text → the feeds it lists. Parsed by htmlparser2 in XML mode, which declares
 * no entity from a DOCTYPE: a bomb or an external entity stays literal text, never expanded or
 * fetched. Throws a one-line error when the text is not OPML.
 */
export function parseOpml(text: string): OpmlRead {
  const read: OpmlRead = { feeds: [], skipped: [] };
  const stack: Open[] = [];
  let root: string | null = null;
  let outlines = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const tag = name.toLowerCase();
        root ??= tag;
        if (tag !== 'outline') return;
        if (++outlines > MAX_OPML_OUTLINES) throw new Error(`more than ${MAX_OPML_OUTLINES} outlines`);
        const parent = stack[stack.length - 1];
        if (parent) parent.children++;
        stack.push({ attrs: lowerKeys(attrs), children: 0 });
      },
      onclosetag(name) {
        if (name.toLowerCase() !== 'outline') return;
        const open = stack.pop();
        if (open) closeOutline(open, stack, read);
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(text.replace(/^\uFEFF/, ''));
  parser.end();
  if (root !== 'opml') throw new Error(root ? `not an OPML file (root element <${root}>)` : 'not an OPML file');
  return read;
}

function closeOutline(open: Open, stack: Open[], read: OpmlRead): void {
  const a = open.attrs;
  const title = plainLine(a.title ?? a.text ?? '').trim();
  if (a.xmlurl) {
    const folder = [...stack].reverse().find((o) => !o.attrs.xmlurl);
    const category = firstCategory(a.category) ?? nonEmpty(folder?.attrs.text ?? folder?.attrs.title);
    read.feeds.push({
      title,
      xmlUrl: a.xmlurl.trim(),
      category,
      tier: nonEmpty(a.tier),
      enabled: a.enabled === 'false' ? false : a.enabled === 'true' ? true : null,
      description: nonEmpty(a.description),
    });
  } else if (open.children === 0) {
    read.skipped.push({ outline: title || '(untitled)', reason: 'no xmlUrl: not a feed' });
  }
}

/** OPML 2.0's category attribute: comma-separated, slash-delimited paths; the first, last segment. */
function firstCategory(value: string | undefined): string | null {
  const first = value?.split(',')[0]?.split('/').filter(Boolean).pop();
  return nonEmpty(first);
}

function nonEmpty(value: string | undefined | null): string | null {
  const v = value === undefined || value === null ? '' : plainLine(value).trim();
  return v === '' ? null : v;
}

function lowerKeys(attrs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * The feed-like sources (feeds, arXiv queries) as OPML 2.0, one folder per category; each
 * outline carries agi-tracker's tier (and `enabled="false"`, a note as `description`) so an
 * import gives the same sources back. Leaderboards (tables) and pages (selectors) are left out.
 */
export function renderOpml(sources: Source[], now: Date): string {
  const feeds = sources.filter((s) => s.kind === 'feed' || s.kind === 'arxiv');
  const categories = [...new Set(feeds.map((s) => s.category))];
  const attr = (name: string, value: string) => ` ${name}="${escapeHtml(value)}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    '    <title>agi-tracker sources</title>',
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
  ];
  for (const category of categories) {
    lines.push(`    <outline${attr('text', category)}${attr('title', category)}>`);
    for (const s of feeds.filter((f) => f.category === category)) {
      const extra = (s.enabled ? '' : attr('enabled', 'false')) + (s.note ? attr('description', s.note) : '');
      lines.push(
        `      <outline type="rss"${attr('text', s.id)}${attr('title', s.id)}${attr('xmlUrl', s.url)}` +
          `${attr('category', category)}${attr('tier', s.tier)}${extra}/>`,
      );
    }
    lines.push('    </outline>');
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}
