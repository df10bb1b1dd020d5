import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/core/types.js';
import { MAX_OPML_OUTLINES, parseOpml, renderOpml } from '../../src/sources/opml.js';
import { planImport, slug } from '../../src/sources/opml-import.js';

const source = (id: string, url: string, extra: Partial<Source> = {}): Source => ({
  id,
  kind: 'feed',
  url,
  category: 'lab',
  tier: 'B',
  enabled: true,
  ...extra,
});

describe('parseOpml', () => {
  it('finds feeds at any depth, their folder as category, and names outlines that are not feeds', () => {
    const read = parseOpml(`<?xml version="1.0"?>
      <opml version="2.0"><body>
        <outline text="Outer"><outline title="Inner">
          <outline text="Deep feed" xmlUrl="https://a.example/feed"/>
        </outline></outline>
        <OUTLINE TEXT="Caps" XMLURL="https://b.example/feed" CATEGORY="/x/y,/z" TIER="a" ENABLED="false"/>
        <outline text="A page" type="link" url="https://c.example/"/>
        <outline text="Empty folder"></outline>
      </body></opml>`);
    expect(read.feeds).toEqual([
      {
        title: 'Deep feed',
        xmlUrl: 'https://a.example/feed',
        category: 'Inner',
        tier: null,
        enabled: null,
        description: null,
      },
      { title: 'Caps', xmlUrl: 'https://b.example/feed', category: 'y', tier: 'a', enabled: false, description: null },
    ]);
    expect(read.skipped).toEqual([
      { outline: 'A page', reason: 'no xmlUrl: not a feed' },
      { outline: 'Empty folder', reason: 'no xmlUrl: not a feed' },
    ]);
  });

  it('refuses what is not OPML, and lists too long to be reading lists', () => {
    expect(() => parseOpml('<rss><channel/></rss>')).toThrow('not an OPML file (root element <rss>)');
    expect(() => parseOpml('just text')).toThrow('not an OPML file');
    const many = '<outline text="x" xmlUrl="https://a.example/"/>'.repeat(MAX_OPML_OUTLINES + 1);
    expect(() => parseOpml(`<opml><body>${many}</body></opml>`)).toThrow(`more than ${MAX_OPML_OUTLINES} outlines`);
  });

  it('escapes what it writes, and reads back what it wrote', () => {
    const tricky = source('a', 'https://a.example/feed?x=1&y="2"', { category: 'R&D <labs>', note: 'says "hi"' });
    const text = renderOpml([tricky, source('lb', 'https://t.example/', { kind: 'leaderboard' })], new Date(0));
    expect(text).toContain('xmlUrl="https://a.example/feed?x=1&amp;y=&quot;2&quot;"');
    expect(text).not.toContain('t.example');
    expect(parseOpml(text).feeds).toEqual([
      {
        title: 'a',
        xmlUrl: 'https://a.example/feed?x=1&y="2"',
        category: 'R&D <labs>',
        tier: 'B',
        enabled: null,
        description: 'says "hi"',
      },
    ]);
  });
});

describe('planImport', () => {
  const feed = (title: string, xmlUrl: string, extra = {}) => ({
    title,
    xmlUrl,
    category: null,
    tier: null,
    enabled: null,
    description: null,
    ...extra,
  });

  it('gives each feed an id of its own, --tier over the file’s tier over C, and skips what is there', () => {
    const existing = [source('news', 'https://n.example/feed/')];
    const plan = planImport(
      existing,
      [
        feed('News', 'HTTPS://N.EXAMPLE/feed'), // the same URL up to case and the trailing slash
        feed('News', 'https://m.example/feed', { tier: 'a' }),
        feed('News', 'https://o.example/feed'),
        feed('', 'https://p.example/rss'),
        feed('Papers', 'http://export.arxiv.org/api/query?search_query=cat:cs.AI'),
        feed('Again', 'https://m.example/feed'),
      ],
      {},
    );
    expect(plan.added.map((s) => [s.id, s.kind, s.tier, s.category])).toEqual([
      ['news-2', 'feed', 'A', 'imported'],
      ['news-3', 'feed', 'C', 'imported'],
      ['p-example', 'feed', 'C', 'imported'],
      ['papers', 'arxiv', 'C', 'imported'],
    ]);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['already a source (news)', 'already a source (news-2)']);
    expect(planImport([], [feed('X', 'https://x.example/', { tier: 'A' })], { tier: 'D' }).added[0]?.tier).toBe('D');
  });

  it('makes ids config accepts', () => {
    expect(slug('Ünïcode & Friends — Blog!')).toBe('unicode-friends-blog');
    expect(slug('---')).toBe('');
    expect(slug('a'.repeat(80))).toHaveLength(60);
  });
});
