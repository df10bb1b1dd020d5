// Full-text search over a large record: `node bench/search.js [--events N] [--runs R] [--json]`.
// Events are inserted directly (the migration's triggers index them as fetch's inserts would),
// with titles and summaries drawn from a Zipf-like vocabulary, so some words are common and
// most are rare, as in real feeds. Each query is timed by the CLI itself (`ms` of
// `search --json`: the query and the reading of the winners, no start-up) and as a whole
// process; every figure is a median with min and max, and `budget` (start-up plus opening the
// database) is the reference measured in the same run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import { fmt, stats, timed } from './lib/measure.js';

const arg = (name, dflt) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const EVENTS = arg('--events', 1_000_000);
const RUNS = arg('--runs', 5);
const BIN = fileURLToPath(new URL('../bin/agi-tracker.js', import.meta.url));
const NOW = '2026-11-23T12:00:00Z';
const json = process.argv.includes('--json');
const log = (s) => process.stderr.write(`${s}\n`);

// --reuse <file>: measure the queries on a database an earlier run generated (generating a
// million events takes minutes, and under load much longer).
const reuse = process.argv.includes('--reuse') ? process.argv[process.argv.indexOf('--reuse') + 1] : undefined;
const work = mkdtempSync(join(tmpdir(), 'agi-bench-search-'));
const db = reuse ?? join(work, 'search.db');
const cli = (...args) =>
  timed(process.execPath, [BIN, '--db', db, ...args], { env: { ...process.env, AGI_TRACKER_NOW: NOW } });
await cli('budget'); // creates and migrates the database

// A deterministic generator (no Math.random: every run indexes the same text).
let seed = 42;
const next = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const COMMON = ['model', 'models', 'ai', 'new', 'research', 'agent', 'benchmark', 'release', 'data', 'open'];
const NAMED = ['gpt', 'claude', 'gemini', 'llama', 'swe', 'bench', 'gpqa', 'osworld', 'arc', 'agi', 'compute', 'gw'];
// Rare words: w0 … w49999, drawn Zipf-like (a low index is far likelier).
const rare = () => `w${Math.floor(50_000 ** next())}`;
const words = (n) => {
  const out = [];
  for (let i = 0; i < n; i++) {
    const r = next();
    out.push(r < 0.02 ? COMMON[Math.floor(next() * COMMON.length)] : r < 0.04 ? NAMED[i % NAMED.length] : rare());
  }
  return out.join(' ');
};

const started = Date.now();
if (!reuse) {
  const h = new Sqlite(db);
  h.pragma('journal_mode = WAL');
  const event = h.prepare(
    `insert into events (source_id, kind, title, url, canonical_url, content_hash, summary, authors,
                         published_at, fetched_at)
     values (?, 'post', ?, ?, ?, ?, ?, '[]', ?, ?)`,
  );
  const end = Date.parse(NOW);
  const batch = h.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      // Two years, oldest first: ids grow with time, as fetch stores them.
      const at = new Date(end - Math.floor(((EVENTS - 1 - i) * 730 * 86_400_000) / EVENTS)).toISOString();
      const url = `https://e.example/${i}`;
      event.run(`src-${i % 50}`, words(8), url, url, `h${i}`, words(40), at, at);
    }
  });
  for (let i = 0; i < EVENTS; i += 50_000) batch(i, Math.min(EVENTS, i + 50_000));
  h.close();
}
if (!reuse) log(`${EVENTS} events generated and indexed in ${fmt((Date.now() - started) / 1000, 1)} s (${work})`);

const QUERIES = [
  ['w123'], // a rare word
  ['w7'], // a common rare word
  ['swe', 'bench'], // two named words
  ['claude', 'w42'],
  ['model'], // in about one text in ten: the worst case for ranking
  ['gpt', '--since', '30'],
  ['agent', '--source', 'src-7'],
  ['model', '--source', 'src-7'], // a common word in a small source: the source filter's worst case
  ['w5', 'w9', '--limit', '100'],
];

async function measure(args) {
  const inner = [];
  const outer = [];
  let hits = 0;
  for (let r = 0; r < RUNS; r++) {
    const res = await cli('search', ...args, '--json');
    if (res.code !== 0) throw new Error(`search ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
    const out = JSON.parse(res.stdout);
    inner.push(out.ms);
    outer.push(res.ms);
    hits = out.results.length;
  }
  return { query: stats(inner), process: stats(outer), hits };
}

const reference = await measureBudget();
async function measureBudget() {
  const times = [];
  for (let r = 0; r < RUNS; r++) times.push((await cli('budget')).ms);
  return stats(times);
}
const results = {};
for (const q of QUERIES) results[q.join(' ')] = await measure(q);
if (json) process.stdout.write(`${JSON.stringify({ events: EVENTS, budget: reference, results })}\n`);
log(`budget (reference: start-up + open) median ${fmt(reference.median)} ms`);
for (const [name, r] of Object.entries(results))
  log(
    `search ${name.padEnd(28)} query median ${fmt(r.query.median, 1)} ms (min ${fmt(r.query.min, 1)}, ` +
      `max ${fmt(r.query.max, 1)}), process ${fmt(r.process.median)} ms, ${r.hits} hits`,
  );
