import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/ingest/canonical-url.js';
import { htmlToText } from '../../src/ingest/html-to-text.js';
import { contentHash, isoDate, normalizeItem } from '../../src/ingest/normalize.js';
import { arxivIdOf } from '../../src/sources/arxiv.js';

describe('canonicalUrl', () => {
  it.each([
    ['HTTPS://Example.COM:443/a/b?utm_source=x&utm_medium=y#frag', 'https://example.com/a/b'],
    ['http://example.com:80/p?b=2&a=1&fbclid=z', 'http://example.com/p?a=1&b=2'],
    ['https://example.com/p?gclid=1&msclkid=2&mc_cid=3&mc_eid=4&id=7', 'https://example.com/p?id=7'],
    ['https://medium.example/post-1?source=rss----d12c403d4976--food', 'https://medium.example/post-1'],
    ['https://example.com:8443/x', 'https://example.com:8443/x'],
    ['http://arxiv.org/abs/2104.12255v1', 'https://arxiv.org/abs/2104.12255'],
    ['https://arxiv.org/pdf/2104.12255v3.pdf', 'https://arxiv.org/abs/2104.12255'],
    ['https://export.arxiv.org/abs/astro-ph/0601001v2', 'https://arxiv.org/abs/astro-ph/0601001'],
    // No query at all, an empty one, one emptied of tracking: the same page.
    ['https://example.com/q#top', 'https://example.com/q'],
    ['https://example.com/q?#top', 'https://example.com/q'],
    ['https://example.com/q?utm_source=rss', 'https://example.com/q'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it('resolves relative links against a base and refuses anything but http(s)', () => {
    expect(canonicalUrl('/gulpjs/gulp/releases/tag/v3.9.0', 'https://github.com/gulpjs/gulp/releases.atom')).toBe(
      'https://github.com/gulpjs/gulp/releases/tag/v3.9.0',
    );
    expect(canonicalUrl('javascript:alert(1)', 'https://example.com/')).toBeNull();
    expect(canonicalUrl('mailto:a@example.com')).toBeNull();
    expect(canonicalUrl('http://example.c[o.test/')).toBeNull();
    expect(canonicalUrl('  https://example.org/x  ')).toBe('https://example.org/x');
  });
});

describe('arxivIdOf', () => {
  it('drops the version and keeps old-style archive ids', () => {
    expect(arxivIdOf('http://arxiv.org/abs/2604.26951v1')).toBe('2604.26951');
    expect(arxivIdOf('http://arxiv.org/abs/quant-ph/0201082v1')).toBe('quant-ph/0201082');
    expect(arxivIdOf('https://arxiv.org/api/errors#incorrect_id_format_for_abc')).toBeNull();
  });
});

describe('htmlToText', () => {
  it('drops tags with script and style content, decodes entities, folds whitespace', () => {
    const html = `<p>Safe&nbsp;<b>text</b></p><script>location.href='http://evil'</script><style>p{}</style>
      <img src=x onerror="alert(1)">&amp; more&#8230;`;
    expect(htmlToText(html, 500)).toBe('Safe text & more…');
  });

  it('survives broken, obfuscated markup', () => {
    expect(htmlToText('<scr<script>ipt>alert(1)</script>ok<!-- <b>comment</b> -->', 100)).not.toMatch(
      /alert\(1\)<|<script/,
    );
    expect(htmlToText('a < b and c > d', 100)).toBe('a < b and c > d');
  });

  it('cuts at a word boundary with an ellipsis', () => {
    const cut = htmlToText('word '.repeat(100), 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('normalizeItem', () => {
  const source = { kind: 'feed' as const, category: 'lab' };
  const NOW = '2026-11-18T08:00:00.000Z';

  it('drops credentials from links and clamps dates more than a day after the fetch', () => {
    const item = (link: string, published: string) =>
      normalizeItem({ title: 't', link, published }, source, 'https://x.example/', NOW);
    expect(item('https://u:p@x.example/a', NOW)).toMatchObject({
      url: 'https://x.example/a',
      canonicalUrl: 'https://x.example/a',
    });
    expect(item('https://x.example/a', '3000-01-01T00:00:00Z')?.publishedAt).toBe(NOW);
    expect(item('https://x.example/a', '2026-11-19T07:59:00Z')?.publishedAt).toBe('2026-11-19T07:59:00.000Z');
    expect(item('https://x.example/a', '2026-11-19T08:01:00Z')?.publishedAt).toBe(NOW);
  });

  it('builds a plain-text item with an ISO date and a content hash', () => {
    const item = normalizeItem(
      {
        title: ' <b>Big</b>  news ',
        link: 'news/1?utm_campaign=x',
        summary: '<p>Body</p>',
        published: 'Tue, 10 Nov 2026 12:00:00 +0200',
      },
      source,
      'https://lab.example/blog/',
      NOW,
    );
    expect(item).toMatchObject({
      title: 'Big news',
      summary: 'Body',
      url: 'https://lab.example/blog/news/1?utm_campaign=x',
      canonicalUrl: 'https://lab.example/blog/news/1',
      publishedAt: '2026-11-10T10:00:00.000Z',
      contentHash: contentHash('Big news', 'Body'),
      kind: 'post',
    });
  });

  it('skips items with nothing to identify them', () => {
    expect(normalizeItem({ title: 'No link' }, source, 'https://x.example/', NOW)).toBeNull();
    expect(normalizeItem({ link: 'https://x.example/1' }, source, 'https://x.example/', NOW)).toBeNull();
    expect(
      normalizeItem(
        { title: 'Too long', link: `https://x.example/${'p'.repeat(2048)}` },
        source,
        'https://x.example/',
        NOW,
      ),
    ).toBeNull();
  });

  it('hashes the same story alike whatever its markup or case', () => {
    expect(contentHash('Model X', 'Same words.')).toBe(contentHash('model x', 'same words.'));
  });

  it('reads dates it can and drops ones it cannot', () => {
    expect(isoDate('2026-04-29T17:59:01Z')).toBe('2026-04-29T17:59:01.000Z');
    expect(isoDate('03 Apr 02 1500 GMT')?.slice(0, 10)).toBe('2002-04-03'); // RSS 0.92 in the wild
    expect(isoDate('not a date')).toBeNull();
  });
});
