import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { day } from '../../src/sources/leaderboards/adapter.js';
import { isZip, zipMember } from '../../src/sources/leaderboards/zip-member.js';
import { parseField, parsePage } from '../../src/sources/page.js';

describe('ZIP members', () => {
  const archive = zipSync({ 'a.csv': new TextEncoder().encode('x,y\n1,2\n'), 'dir/b.csv': new Uint8Array(5000) });

  it('reads the member named, and says what the archive holds when it is not there', () => {
    expect(isZip(archive)).toBe(true);
    expect(new TextDecoder().decode(zipMember(archive, 'a.csv'))).toBe('x,y\n1,2\n');
    expect(() => zipMember(archive, 'c.csv')).toThrow(
      'no member "c.csv" in the ZIP archive (it holds a.csv, dir/b.csv)',
    );
  });

  it('refuses a member larger than the cap uncompressed, and bytes that are no archive', () => {
    expect(() => zipMember(archive, 'dir/b.csv', 1000)).toThrow(
      'ZIP member "dir/b.csv" is 5000 bytes uncompressed, over the 1000-byte cap',
    );
    expect(isZip(new TextEncoder().encode('x,y'))).toBe(false);
    expect(() => zipMember(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'a.csv')).toThrow(/not a readable ZIP archive/);
  });
});

describe('table dates', () => {
  it('are real days only', () => {
    expect(day('2025-02-28')).toBe('2025-02-28');
    expect(day('2025-02-30')).toBeNull(); // would roll over to March
    expect(day('20250131_model')).toBe('2025-01-31');
    expect(day(new Date('2026-05-21T00:00:00Z'))).toBe('2026-05-21');
    expect(day('soon')).toBeNull();
  });
});

describe('page selectors', () => {
  it('split a selector from the attribute it reads', () => {
    expect(parseField('time@datetime')).toEqual({ selector: 'time', attribute: 'datetime' });
    expect(parseField('@href')).toEqual({ selector: '', attribute: 'href' });
    expect(parseField('a[href^="/news"]')).toEqual({ selector: 'a[href^="/news"]', attribute: null });
    expect(parseField(' h3 > a @data-Title ')).toEqual({ selector: 'h3 > a', attribute: 'data-title' });
  });

  it('pass untidy but shallow pages (thousands of unclosed <p> and <li>)', async () => {
    const untidy = `<ul>${'<li><p>x'.repeat(5000)}</ul><article><a href="/a">A</a></article>`;
    const read = await parsePage(untidy, { item: 'article', title: 'a' });
    expect(read.items).toEqual([{ title: 'A', link: '/a', published: undefined, summary: undefined }]);
  });
});
