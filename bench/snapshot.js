// snapshot and digest over a large analysed record: `node bench/snapshot.js [--events N] [--runs R] [--json]`.
// Events are inserted directly with offline-style analyses (one in five with a signpost
// reading), spread over two years; every figure is a median with min and max, and the
// ratios are against `agi-tracker budget` (start-up plus opening the database) in the same run.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillAnalysedRecord } from './lib/analysed-record.js';
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

fillAnalysedRecord(seed, EVENTS, NOW);

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
