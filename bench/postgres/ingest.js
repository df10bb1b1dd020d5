// Part 1: a cold `fetch` of `feeds` × `items` generated items from a local feed server into an
// empty database, start-up included, on each backend. Goal: PostgreSQL ≥ 0.5× SQLite's items/s.
import { serveFeeds } from '../lib/feed-server.js';
import { stats } from '../lib/measure.js';
import { BACKENDS, backendsFor } from './harness.js';

export async function benchIngest(h, { feeds, items }) {
  const served = await serveFeeds({ work: h.dir('ingest'), feeds, items });
  const total = feeds * items;
  h.log(`ingest: ${feeds} feeds × ${items} items (${served.megabytes.toFixed(1)} MB), ${h.runs} runs per backend`);
  const ms = { sqlite: [], postgres: [] };
  const statements = [];
  try {
    for (let r = 0; r < h.runs; r++) {
      for (const backend of backendsFor(r)) {
        const db = await h.empty(backend);
        const res = await h.cli(db, ['fetch', '--json', '--quiet'], { config: served.config });
        const stored = JSON.parse(res.stdout).totals.new;
        if (stored !== total) throw new Error(`ingest into ${backend} stored ${stored} of ${total}: ${res.stderr}`);
        ms[backend].push(res.ms);
        if (backend === 'postgres' && res.statements !== undefined) statements.push(res.statements);
      }
    }
  } finally {
    await served.close();
  }
  const result = { items: total, ms: {}, itemsPerSecond: {} };
  for (const backend of BACKENDS) {
    result.ms[backend] = stats(ms[backend]);
    result.itemsPerSecond[backend] = total / (result.ms[backend].median / 1000);
  }
  result.ratio = result.itemsPerSecond.postgres / result.itemsPerSecond.sqlite;
  if (statements.length) result.postgresStatements = statements[0];
  result.goal = { text: 'PostgreSQL ≥ 0.5× SQLite', met: result.ratio >= 0.5 };
  return result;
}
