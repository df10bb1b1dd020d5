/** Small feed builders for tests; real captured feeds live in ../shared/corpus and test/fixtures. */
export interface TestItem {
  title: string;
  link: string;
  guid?: string;
  date?: string;
  description?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function rss(items: TestItem[], title = 'Test feed'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${esc(title)}</title><link>https://example.org/</link>
${items
  .map(
    (
      i,
    ) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link>${i.guid ? `<guid>${esc(i.guid)}</guid>` : ''}
<pubDate>${new Date(i.date ?? '2026-11-01T00:00:00Z').toUTCString()}</pubDate>
<description>${esc(i.description ?? `About ${i.title}`)}</description></item>`,
  )
  .join('\n')}
</channel></rss>`;
}

export function atom(items: TestItem[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Test</title><id>urn:test</id>
<updated>2026-11-01T00:00:00Z</updated>
${items
  .map(
    (i) => `<entry><title>${esc(i.title)}</title><id>${esc(i.guid ?? i.link)}</id>
<link rel="alternate" href="${esc(i.link)}"/>
<updated>${i.date ?? '2026-11-01T00:00:00Z'}</updated>
<summary>${esc(i.description ?? `About ${i.title}`)}</summary></entry>`,
  )
  .join('\n')}
</feed>`;
}

export function arxivEntry(id: string, version: number, title: string, date: string): string {
  return `<entry><id>http://arxiv.org/abs/${id}v${version}</id><title>${esc(title)}</title>
<published>${date}</published><updated>${date}</updated><summary>Abstract of ${esc(title)}.</summary>
<author><name>First Author</name></author><author><name>Second Author</name></author>
<link href="https://arxiv.org/abs/${id}v${version}" rel="alternate" type="text/html"/>
<link title="pdf" href="https://arxiv.org/pdf/${id}v${version}" rel="related" type="application/pdf"/>
<arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG"/></entry>`;
}

export function arxivFeed(entries: string[], total: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
<id>https://arxiv.org/api/test</id><title>arXiv Query</title><updated>2026-11-01T00:00:00Z</updated>
<opensearch:totalResults>${total}</opensearch:totalResults>
${entries.join('\n')}
</feed>`;
}
