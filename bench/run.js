// agi-tracker benchmarks: ingest, the all-304 re-run and cold start; `npm run bench` runs this at
// full size and then bench/scale.js (the record at a million events), or `node bench/run.js --size tiny`;
// `--starts N` for N cold-start runs (bench/cold-start.js runs those alone).
// Every figure is a median of several runs with min and max, and ratios are against a
// reference measured in the same run: these machines are noisy.
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COLD_START_COMMANDS, coldStart, coldStartRatios } from './lib/cold-start.js';
import { serveFeeds } from './lib/feed-server.js';
import { fmt, stats, timed } from './lib/measure.js';

const SIZES = {
  full: { feeds: 200, items: 500, runs: 3, startRuns: 10 },
  tiny: { feeds: 4, items: 20, runs: 2, startRuns: 2 },
};
const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const sizeName = arg('--size') ?? 'full';
const size = SIZES[sizeName];
if (!size) throw new Error(`unknown --size ${sizeName} (full or tiny)`);
// --starts N: more cold-start runs than the size's default (the machine is noisy).
const startRuns = arg('--starts') === undefined ? size.startRuns : Number(arg('--starts'));
if (!Number.isInteger(startRuns) || startRuns < 1)
  throw new Error(`--starts must be a whole number ≥ 1, got ${arg('--starts')}`);
const json = process.argv.includes('--json');
const BIN = fileURLToPath(new URL('../bin/agi-tracker.js', import.meta.url));
const log = (s) => process.stderr.write(`${s}\n`);

const work = mkdtempSync(join(tmpdir(), 'agi-bench-'));
const feeds = await serveFeeds({ work, feeds: size.feeds, items: size.items });
const { feedDir, config } = feeds;
const totalItems = size.feeds * size.items;
log(`generated ${size.feeds} feeds × ${size.items} items (${fmt(feeds.megabytes, 1)} MB) in ${work}`);
const cli = (db, ...args) =>
  timed(process.execPath, [BIN, '--config', config, '--db', db, ...args], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1' },
  });

// 1. The reference: rss-parser alone, one process, same bytes.
const baseline = [];
for (let r = 0; r < size.runs; r++) {
  const res = await timed(process.execPath, [
    fileURLToPath(new URL('./rss-parser-baseline.js', import.meta.url)),
    feedDir,
  ]);
  baseline.push(JSON.parse(res.stdout).ms);
}

// 1b. For scale, Python feedparser on the same bytes, when Debian's python3-feedparser is there.
const feedparser = [];
const python = '/usr/bin/python3';
const hasFeedparser = (await timed(python, ['-c', 'import feedparser']).catch(() => ({ code: 1 }))).code === 0;
for (let r = 0; hasFeedparser && r < Math.min(2, size.runs); r++) {
  const res = await timed(python, [fileURLToPath(new URL('./feedparser-baseline.py', import.meta.url)), feedDir]);
  feedparser.push(JSON.parse(res.stdout).ms);
}

// 2. Cold ingest into an empty database, then 3. the all-304 re-run of the same sources.
const ingest = [];
const rss = [];
const notModified = [];
for (let r = 0; r < size.runs; r++) {
  const db = join(work, `ingest-${r}.db`);
  const cold = await cli(db, 'fetch', '--json', '--quiet');
  const report = JSON.parse(cold.stdout);
  if (report.totals.new !== totalItems)
    throw new Error(`ingest stored ${report.totals.new} of ${totalItems}: ${cold.stderr}`);
  ingest.push(cold.ms);
  rss.push(cold.peakMb);
  const warm = await cli(db, 'fetch', '--json', '--quiet');
  const again = JSON.parse(warm.stdout);
  if (again.sources.some((s) => s.status !== 'not-modified')) throw new Error('the re-run was not all 304');
  notModified.push(warm.ms);
}
await feeds.close();

// 4. Cold start against `node -e ''`.
const startDb = join(work, 'ingest-0.db');
const starts = await coldStart({ bin: BIN, cli: (...args) => cli(startDb, ...args), runs: startRuns });

const b = stats(baseline);
const ing = stats(ingest);
const result = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  size: sizeName,
  items: totalItems,
  referenceParseMs: b,
  referenceItemsPerSecond: totalItems / (b.median / 1000),
  ingestMs: ing,
  ingestItemsPerSecond: totalItems / (ing.median / 1000),
  ingestRatio: b.median / ing.median,
  feedparserMs: feedparser.length ? stats(feedparser) : null,
  ingestVsFeedparser: feedparser.length ? stats(feedparser).median / ing.median : null,
  ingestPeakRssMb: stats(rss),
  notModifiedRerunMs: stats(notModified),
  coldStartMs: Object.fromEntries(Object.entries(starts).map(([k, v]) => [k, stats(v)])),
};
result.coldStartRatio = coldStartRatios(result.coldStartMs);

if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  const s = (x, d = 0) => `${fmt(x.median, d)} (min ${fmt(x.min, d)}, max ${fmt(x.max, d)}, ${x.runs} runs)`;
  const lines = [
    `agi-tracker benchmarks — ${result.date}, ${result.machine.cpus} × ` +
      `${result.machine.cpu}, Node ${result.machine.node}, size ${sizeName}`,
    `reference (rss-parser alone, ${totalItems} items): ` +
      `${s(result.referenceParseMs)} ms = ${fmt(result.referenceItemsPerSecond)} items/s`,
    `ingest (cold fetch into an empty db): ${s(result.ingestMs)} ms = ` +
      `${fmt(result.ingestItemsPerSecond)} items/s → ${fmt(result.ingestRatio, 2)}× the reference`,
    ...(result.feedparserMs
      ? [
          `Python feedparser on the same bytes: ${s(result.feedparserMs)} ms = ` +
            `${fmt(result.referenceParseMs.median / result.feedparserMs.median, 2)}× ` +
            `rss-parser; our ingest is ${fmt(result.ingestVsFeedparser, 2)}× feedparser`,
        ]
      : ['Python feedparser: not installed (apt-get install python3-feedparser), skipped']),
    `ingest peak RSS: ${s(result.ingestPeakRssMb)} MB`,
    `all-304 re-run of ${size.feeds} sources: ${s(result.notModifiedRerunMs)} ms`,
    `cold start: node -e '' ${s(result.coldStartMs.node)} ms; ` +
      Object.entries(COLD_START_COMMANDS)
        .map(([k, args]) => `${args} ${fmt(result.coldStartRatio[k], 2)}×`)
        .join(', '),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
