// The ingest benchmarks' feeds: `feeds` generated feeds of `items` items each, written to
// <work>/feeds (for the parse references) and served on 127.0.0.1 with ETags (a conditional GET
// gets 304), plus a config file listing them as sources with pacing raised so nothing waits.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { feedBody } from './feeds.js';

export async function serveFeeds({ work, feeds, items }) {
  const feedDir = join(work, 'feeds');
  mkdirSync(feedDir, { recursive: true });
  const bodies = [];
  for (let i = 0; i < feeds; i++) {
    const body = Buffer.from(feedBody(i, items));
    bodies.push(body);
    writeFileSync(join(feedDir, `feed-${String(i).padStart(4, '0')}.xml`), body);
  }
  const server = createServer((req, res) => {
    const i = Number(req.url.match(/\/feed\/(\d+)/)?.[1]);
    const body = bodies[i];
    if (!body) {
      res.statusCode = 404;
      return res.end();
    }
    const etag = `"f${i}"`;
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      return res.end();
    }
    res.setHeader('etag', etag);
    res.setHeader('content-type', i % 2 ? 'application/atom+xml' : 'application/rss+xml');
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const config = join(work, 'agi-tracker.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      sources: bodies.map((_, i) => ({
        id: `bench-${i}`,
        kind: 'feed',
        url: `${base}/feed/${i}`,
        category: 'lab',
        tier: 'B',
      })),
      http: { requestsPerMinutePerHost: 100_000 },
      fetch: { limit: items + 100, concurrency: 8 },
    }),
  );
  return {
    feedDir,
    config,
    megabytes: bodies.reduce((n, b) => n + b.length, 0) / 1e6,
    close: () => new Promise((r) => server.close(r)),
  };
}
