import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseArxivPage } from '../../src/sources/arxiv.js';
import { decodeFeed } from '../../src/sources/decode.js';
import { parseFeed } from '../../src/sources/feed.js';

const rssDoc = (title: string, decl = 'UTF-8') =>
  `<?xml version="1.0" encoding="${decl}"?><rss version="2.0"><channel><title>t</title><item><title>${title}</title><link>https://a.example/1</link></item></channel></rss>`;

describe('decodeFeed', () => {
  it('follows the BOM, then the HTTP charset, then the XML declaration', () => {
    expect(decodeFeed(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(rssDoc('Ü', 'UTF-16'), 'utf-16be')]))).toContain('<title>Ü</title>');
    expect(decodeFeed(iconv.encode(rssDoc('é', 'UTF-8'), 'latin1'), 'text/xml; charset=iso-8859-1')).toContain('<title>é</title>');
    expect(decodeFeed(iconv.encode(rssDoc('Цитата', 'windows-1251'), 'win1251'))).toContain('<title>Цитата</title>');
  });

  it('sniffs UTF-16 without a BOM whatever the label says', () => {
    expect(decodeFeed(iconv.encode(rssDoc('東京', 'u16'), 'utf-16be'))).toContain('<title>東京</title>');
  });

  it('does not believe a single-byte declaration over valid UTF-8, and falls back to Windows-1252', () => {
    expect(decodeFeed(Buffer.from(rssDoc('Café', 'ISO-8859-1'), 'utf8'))).toContain('<title>Café</title>');
    expect(decodeFeed(Buffer.concat([Buffer.from('<rss><title>'), Buffer.from([0x80, 0xe9]), Buffer.from('</title></rss>')]))).toContain('€é');
  });
});

describe('parseFeed', () => {
  it('reads RSS without a version attribute and a channel-less <rss> as empty', async () => {
    const feed = await parseFeed('<rss><channel><item><title>A</title><link>https://a.example/</link></item></channel></rss>');
    expect(feed.items[0]).toMatchObject({ title: 'A', link: 'https://a.example/' });
    expect((await parseFeed('<rss>\n</rss>')).items).toEqual([]);
  });

  it('fails an entity bomb inside a real feed root at once, expanding nothing', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
      <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
      <rss version="2.0"><channel><title>&d;&d;&d;&d;</title></channel></rss>`;
    await expect(parseFeed(bomb)).rejects.toThrow(/malformed feed: Invalid character entity/);
    const external = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&x;</title></channel></rss>`;
    await expect(parseFeed(external)).rejects.toThrow(/Invalid character entity/);
  });

  it('recovers bare ampersands and HTML entities, keeps CDATA links intact', async () => {
    const feed = await parseFeed(
      '<rss version="2.0"><channel><item><title>Fish & Chips &amp; more&nbsp;&copy=2</title><link><![CDATA[https://a.example/?a=1&b=2]]></link></item></channel></rss>',
    );
    expect(feed.items[0]?.title).toBe('Fish & Chips & more\u00a0&copy=2');
    expect(feed.items[0]?.link).toBe('https://a.example/?a=1&b=2');
  });

  it('names what it got instead of a feed', async () => {
    await expect(parseFeed('')).rejects.toThrow('empty body: no feed');
    await expect(parseFeed('<!doctype html><html><body>x</body></html>')).rejects.toThrow('got an HTML page, not a feed');
    await expect(parseFeed('<note><to>x</to></note>')).rejects.toThrow('XML is not a feed (root element <note>)');
    await expect(parseFeed('{"models": []}')).rejects.toThrow('not XML: body starts with "{"models": []}"');
    await expect(parseFeed('<rss version="2.0"><channel><item><title>a</item>')).rejects.toThrow(/^malformed feed/);
  });

  it('reads the root xml:base for relative links', async () => {
    const feed = await parseFeed('<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://b.example/blog/"><entry><title>x</title><link href="p1"/></entry></feed>');
    expect(feed.base).toBe('https://b.example/blog/');
  });
});

describe('parseArxivPage', () => {
  it('treats the API error entry as an error', async () => {
    const err = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>https://arxiv.org/api/errors#bad</id><title>Error</title><summary>bad query</summary></entry></feed>`;
    await expect(parseArxivPage(err)).rejects.toThrow('arXiv API error: bad query');
  });

  it('reads an empty listing as zero papers', async () => {
    const empty = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><title>q</title><opensearch:totalResults>0</opensearch:totalResults></feed>`;
    expect(await parseArxivPage(empty)).toEqual({ items: [], totalResults: 0 });
  });
});
