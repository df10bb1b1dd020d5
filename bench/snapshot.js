// snapshot and digest over a large analysed record: `node bench/snapshot.js [--events N] [--runs R] [--json]`.
// Events are inserted directly with offline-style analyses (one in five with a signpost
// reading), spread over two years; every figure is a median with min and max, and the
// ratios are against `agi-tracker budget` (start-up plus opening the database) in the same run.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import { fmt, stats, timed } from './lib/measure.js';

const arg = (name, dflt) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const EVENTS = arg('--events', 200_000);
const RUNS = arg('--runs', 3);
const BIN = fileURLToPath(new URL('../bin/agi-tracker.js', import.meta.url));
const NOW = '2026-11-23T12:00:00Z';
const json = process.argv.includes('--json');
const log = (s) => process.stderr.write(`${s}\n`);

const work = mkdtempSync(join(tmpdir(), 'agi-bench-snapshot-'));
const seed = join(work, 'seed.db');
const cli = (db, ...args) =>
  timed(process.execPath, [BIN, '--db', db, ...args], { env: { ...process.env, AGI_TRACKER_NOW: NOW } });
await cli(seed, 'budget'); // creates and migrates the database

const CODES = [
  ['swe_bench_85', 50, 80],
  ['gpqa_sota', 50, 88],
  ['osworld_65', 15, 70],
  ['agent_100h_task', 1, 60],
  ['compute_1e27', 24, 26.8],
  ['dc_power_10gw', 0.1, 6],
];
{
  const h = new Sqlite(seed);
  h.pragma('journal_mode = WAL');
  const event = h.prepare(
    `insert into events (source_id, kind, title, url, canonical_url, content_hash, summary, authors,
                         published_at, fetched_at)
     values (?, 'post', ?, ?, ?, ?, '', '[]', ?, ?)`,
  );
  const analysis = h.prepare(
    `insert into analyses (event_id, provider, model, prompt_version, content_hash, status, attempts, significance,
                           tier, categories, signposts, summary, rationale, created_at, updated_at)
     values (?, 'offline', 'offline-rules-v1', 'v1', ?, 'ok', 1, ?, ?, ?, ?, 's', 'r', ?, ?)`,
  );
  const end = Date.parse(NOW);
  h.transaction(() => {
    for (let i = 0; i < EVENTS; i++) {
      const at = new Date(end - (i % 730) * 86_400_000 - i).toISOString();
      const id = event.run(
        `src-${i % 50}`,
        `Event ${i}`,
        `https://e.example/${i}`,
        `https://e.example/${i}`,
        `h${i}`,
        at,
        at,
      ).lastInsertRowid;
      const [code, lo, hi] = CODES[i % CODES.length];
      const links =
        i % 5 === 0
          ? [{ code, value: Math.round((lo + ((hi - lo) * (730 - (i % 730))) / 730) * 10) / 10, confidence: 0.7 }]
          : [];
      analysis.run(
        id,
        `h${i}`,
        (i % 10) + 0.5,
        'ABCD'[i % 4],
        JSON.stringify(['capabilities']),
        JSON.stringify(links),
        at,
        at,
      );
    }
  })();
  h.close();
}

/** Each run starts from a copy of the seed, so every run computes the same work. */
async function measure(args) {
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const db = join(work, `run-${r}.db`);
    copyFileSync(seed, db);
    const res = await cli(db, ...args);
    if (res.code !== 0) throw new Error(`${args.join(' ')} exited ${res.code}: ${res.stderr}`);
    times.push(res.ms);
  }
  return stats(times);
}

log(`${EVENTS} analysed events, ${RUNS} runs each`);
const base = await measure(['budget']);
const results = {
  'budget (reference)': base,
  snapshot: await measure(['snapshot', '--json']),
  'snapshot --history 30': await measure(['snapshot', '--history', '30', '--json']),
  'digest (12-week chart)': await measure(['digest', '--format', 'html']),
};
if (json) process.stdout.write(`${JSON.stringify({ events: EVENTS, results })}\n`);
for (const [name, s] of Object.entries(results))
  log(
    `${name.padEnd(24)} median ${fmt(s.median)} ms (min ${fmt(s.min)}, ` +
      `max ${fmt(s.max)}), ${fmt(s.median / base.median, 1)}× budget`,
  );
