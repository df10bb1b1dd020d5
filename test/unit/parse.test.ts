import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseArxivPage } from '../../src/sources/arxiv.js';
import { htmlToText } from '../../src/ingest/html-to-text.js';
import { isoDate } from '../../src/ingest/normalize.js';
import { decodeFeed } from '../../src/sources/decode.js';
import { parseFeed } from '../../src/sources/feed.js';

const rssDoc = (title: string, decl = 'UTF-8') =>
  `<?xml version="1.0" encoding="${decl}"?><rss version="2.0"><channel><title>t</title>` +
  `<item><title>${title}</title><link>https://a.example/1</link></item></channel></rss>`;

describe('decodeFeed', () => {
  it('follows the BOM, then the HTTP charset, then the XML declaration', () => {
    expect(
      decodeFeed(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(rssDoc('Ü', 'UTF-16'), 'utf-16be')])),
    ).toContain('<title>Ü</title>');
    expect(decodeFeed(iconv.encode(rssDoc('é', 'UTF-8'), 'latin1'), 'text/xml; charset=iso-8859-1')).toContain(
      '<title>é</title>',
    );
    expect(decodeFeed(iconv.encode(rssDoc('Цитата', 'windows-1251'), 'win1251'))).toContain('<title>Цитата</title>');
  });

  it('sniffs UTF-16 without a BOM whatever the label says', () => {
    expect(decodeFeed(iconv.encode(rssDoc('東京', 'u16'), 'utf-16be'))).toContain('<title>東京</title>');
  });

  it('does not believe a single-byte declaration over valid UTF-8, and falls back to Windows-1252', () => {
    expect(decodeFeed(Buffer.from(rssDoc('Café', 'ISO-8859-1'), 'utf8'))).toContain('<title>Café</title>');
    expect(
      decodeFeed(
        Buffer.concat([Buffer.from('<rss><title>'), Buffer.from([0x80, 0xe9]), Buffer.from('</title></rss>')]),
      ),
    ).toContain('€é');
  });
});

describe('parseFeed', () => {
  it('reads RSS without a version attribute and a channel-less <rss> as empty', async () => {
    const feed = await parseFeed(
      '<rss><channel><item><title>A</title><link>https://a.example/</link></item></channel></rss>',
    );
    expect(feed.items[0]).toMatchObject({ title: 'A', link: 'https://a.example/' });
    expect((await parseFeed('<rss>\n</rss>')).items).toEqual([]);
  });

  it('fails an entity bomb inside a real feed root at once, expanding nothing', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">
      <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
      <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
      <rss version="2.0"><channel><title>&d;&d;&d;&d;</title></channel></rss>`;
    await expect(parseFeed(bomb)).rejects.toThrow(/malformed feed: Invalid character entity/);
    const external =
      '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
      '<rss version="2.0"><channel><title>&x;</title></channel></rss>';
    await expect(parseFeed(external)).rejects.toThrow(/Invalid character entity/);
  });

  it('recovers bare ampersands and HTML entities, keeps CDATA links intact', async () => {
    const feed = await parseFeed(
      '<rss version="2.0"><channel><item><title>Fish & Chips &amp; more&nbsp;&copy=2</title>' +
        '<link><![CDATA[https://a.example/?a=1&b=2]]></link></item></channel></rss>',
    );
    expect(feed.items[0]?.title).toBe('Fish & Chips & more\u00a0&copy=2');
    expect(feed.items[0]?.link).toBe('https://a.example/?a=1&b=2');
  });

  it('drops a reference to a character XML forbids instead of failing the feed', async () => {
    const feed = await parseFeed(
      '<rss version="2.0"><channel><item><title>a &#27;[2J&#xFFFE; b</title><link>https://a.example/</link>' +
        '<description><![CDATA[&#27;]]></description></item></channel></rss>',
    );
    expect(feed.items[0]).toMatchObject({ title: 'a [2J b', summary: '&#27;' });
  });

  it('names what it got instead of a feed', async () => {
    await expect(parseFeed('')).rejects.toThrow('empty body: no feed');
    await expect(parseFeed('<!doctype html><html><body>x</body></html>')).rejects.toThrow(
      'got an HTML page, not a feed',
    );
    await expect(parseFeed('<note><to>x</to></note>')).rejects.toThrow('XML is not a feed (root element <note>)');
    await expect(parseFeed('{"models": []}')).rejects.toThrow('not XML: body starts with "{"models": []}"');
    await expect(parseFeed('<rss version="2.0"><channel><item><title>a</item>')).rejects.toThrow(/^malformed feed/);
  });

  it('reads the root xml:base for relative links', async () => {
    const feed = await parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://b.example/blog/">' +
        '<entry><title>x</title><link href="p1"/></entry></feed>',
    );
    expect(feed.base).toBe('https://b.example/blog/');
  });
});

describe('parseFeed reads what feedparser reads', () => {
  const atom = (entry: string, ns = 'http://www.w3.org/2005/Atom') =>
    `<feed xmlns="${ns}" xmlns:dc="http://purl.org/dc/elements/1.1/"><title>f</title>` +
    `<entry><title>t</title><link href="https://a.example/1"/>${entry}</entry></feed>`;
  const rss2 = (item: string) =>
    `<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" ` +
    `xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>f</title>` +
    `<item><title>t</title><link>https://a.example/1</link>${item}</item></channel></rss>`;
  const first = async (xml: string) => (await parseFeed(xml)).items[0];
  const iso = (value: string | undefined) => (value ? new Date(isoDate(value) ?? NaN).toISOString() : value);

  it('dates: Atom dc:date, Atom 0.3 issued/modified, RFC 822 in other languages', async () => {
    expect(iso((await first(atom('<dc:date>2022-01-01T12:00:00Z</dc:date>')))?.published)).toBe(
      '2022-01-01T12:00:00.000Z',
    );
    const atom03 = atom(
      '<issued>2004-04-20T00:23:47Z</issued><modified>2004-04-21T00:00:00Z</modified>',
      'http://purl.org/atom/ns#',
    );
    expect(iso((await first(atom03))?.published)).toBe('2004-04-20T00:23:47.000Z');
    expect(iso((await first(rss2('<pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate>')))?.published)).toBe(
      '2018-09-24T22:42:40.000Z',
    );
    expect(isoDate('lun., 3 déc. 2018 10:00:00 +0100')).toBe('2018-12-03T09:00:00.000Z');
    expect(isoDate('Mi, 12 Mär 2025 08:00:00 +0100')).toBe('2025-03-12T07:00:00.000Z');
  });

  it('keeps a feed whose Atom date is unreadable, and falls back to the update date', async () => {
    const item = await first(atom('<published>someday</published><updated>2020-05-01T00:00:00Z</updated>'));
    expect(item).toMatchObject({ title: 't', published: '2020-05-01T00:00:00Z' });
  });

  it('authors: RSS <author>, itunes:author, a nested <author><name>, every Atom author', async () => {
    expect((await first(rss2('<author>jane@example.org (Jane Roe)</author>')))?.authors).toEqual([
      'jane@example.org (Jane Roe)',
    ]);
    expect((await first(rss2('<itunes:author>Giant Bomb</itunes:author>')))?.authors).toEqual(['Giant Bomb']);
    expect((await first(rss2('<author><name>Austin Wu</name></author>')))?.authors).toEqual(['Austin Wu']);
    expect((await first(rss2('<dc:creator>A</dc:creator><dc:creator>B</dc:creator>')))?.authors).toEqual(['A', 'B']);
    expect((await first(atom('<author><name>Ann</name></author><author><name>Bob</name></author>')))?.authors).toEqual([
      'Ann',
      'Bob',
    ]);
  });

  it('reads Atom type="xhtml" text in document order', async () => {
    const xhtml =
      '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">' +
      'submitted by <a href="/u/X">/u/X</a> to <a href="/r/DIY">/r/DIY</a><br/><span>[link]</span></div></content>';
    const item = await first(
      atom(
        '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">' +
          `A <b>bold</b> &amp; true title</div></title>${xhtml}`,
      ).replace('<title>t</title>', ''),
    );
    expect(htmlToText(item?.summary ?? '', 200)).toBe('submitted by /u/X to /r/DIY [link]');
    expect(htmlToText(item?.title ?? '', 200)).toBe('A bold & true title');

    // reddit's RSS writes its description as raw markup rather than escaped HTML.
    const raw = await first(
      rss2(
        '<description><table><tr><td>submitted by <a href="/u/b">b</a> to <a href="/r/s">s</a>' +
          '<br/><a href="/l">[link]</a></td></tr></table></description>',
      ),
    );
    expect(htmlToText(raw?.summary ?? '', 200)).toBe('submitted by b to s [link]');
  });

  it('takes the Atom summary before the full content, and RSS description before content:encoded', async () => {
    expect(
      (await first(atom('<summary>short</summary><content type="html">&lt;p&gt;long&lt;/p&gt;</content>')))?.summary,
    ).toBe('short');
    expect(
      (
        await first(
          rss2(
            '<description> </description>' +
              '<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">body</content:encoded>',
          ),
        )
      )?.summary,
    ).toBe('body');
  });
});

describe('parseArxivPage', () => {
  it('treats the API error entry as an error', async () => {
    const err =
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>https://arxiv.org/api/errors#bad</id>' +
      '<title>Error</title><summary>bad query</summary></entry></feed>';
    await expect(parseArxivPage(err)).rejects.toThrow('arXiv API error: bad query');
  });

  it('reads an empty listing as zero papers', async () => {
    const empty =
      '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">' +
      '<title>q</title><opensearch:totalResults>0</opensearch:totalResults></feed>';
    expect(await parseArxivPage(empty)).toEqual({ items: [], totalResults: 0 });
  });
});
