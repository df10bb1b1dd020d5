// Deterministic synthetic feeds for the benchmarks: half RSS 2.0, half Atom, ~1 KB of HTML per item.
const WORDS = (
  'model agent benchmark reasoning compute training inference safety evaluation scaling ' +
  'data cluster token context vision robotics policy alignment research release open weights'
).split(' ');

function words(seed, n) {
  let x = seed >>> 0;
  const out = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(WORDS[x % WORDS.length]);
  }
  return out.join(' ');
}

function html(seed) {
  // About 1 KB: paragraphs, a link, an entity, a script that must be stripped.
  return (
    `<p>${words(seed, 40)} &amp; ${words(seed + 1, 20)}</p>` +
    `<p><a href="https://example.org/${seed}">${words(seed + 2, 6)}</a> ${words(seed + 3, 50)}</p>` +
    `<script>track(${seed})</script><p>${words(seed + 4, 30)}</p>`
  );
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function feedBody(feedIndex, items) {
  const atom = feedIndex % 2 === 1;
  const base = Date.UTC(2026, 9, 1);
  const entries = [];
  for (let i = 0; i < items; i++) {
    const seed = feedIndex * 100_000 + i;
    const title = `Feed ${feedIndex} item ${i}: ${words(seed, 8)}`;
    const link = `https://site${feedIndex}.example/posts/${i}?utm_source=rss`;
    const date = new Date(base + i * 3_600_000 + feedIndex * 60_000);
    entries.push(
      atom
        ? `<entry><title>${esc(title)}</title><id>tag:site${feedIndex}.example,2026:${i}</id>` +
            `<link rel="alternate" href="${link.replace('&', '&amp;')}"/><updated>${date.toISOString()}</updated>` +
            `<author><name>Author ${i % 7}</name></author><content type="html">${esc(html(seed))}</content></entry>`
        : `<item><title>${esc(title)}</title><link>${esc(link)}</link>` +
            `<guid isPermaLink="false">site${feedIndex}-${i}</guid><pubDate>${date.toUTCString()}</pubDate>` +
            `<description>${esc(html(seed))}</description></item>`,
    );
  }
  return atom
    ? '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">' +
        `<title>Site ${feedIndex}</title><id>urn:site${feedIndex}</id><updated>2026-11-01T00:00:00Z</updated>\n` +
        `${entries.join('\n')}\n</feed>\n`
    : '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>' +
        `<title>Site ${feedIndex}</title><link>https://site${feedIndex}.example/</link><description>d</description>\n` +
        `${entries.join('\n')}\n</channel></rss>\n`;
}
