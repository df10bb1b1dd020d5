// agi-tracker benchmarks: ingest, the all-304 re-run and cold start; `npm run bench` runs this at
// full size and then bench/scale.js (the record at a million events), or `node bench/run.js --size tiny`;
// `--starts N` for N cold-start runs (bench/cold-start.js runs those alone, `--starts 0` skips them);
// `--feeds N --items N --runs N` change the size; `--before PATH` (another build's bin/agi-tracker.js)
// times that build's ingest too, interleaved run by run with this one's: a change's before and after.
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
const size = SIZES[sizeName] && { ...SIZES[sizeName] };
if (!size) throw new Error(`unknown --size ${sizeName} (full or tiny)`);
const count = (name, fallback, min) => {
  const value = arg(name) === undefined ? fallback : Number(arg(name));
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}`);
  return value;
};
size.feeds = count('--feeds', size.feeds, 1);
size.items = count('--items', size.items, 1);
size.runs = count('--runs', size.runs, 1);
// --starts N: more cold-start runs than the size's default (the machine is noisy); 0: none.
const startRuns = count('--starts', size.startRuns, 0);
const BEFORE = arg('--before');
const json = process.argv.includes('--json');
const BIN = fileURLToPath(new URL('../bin/agi-tracker.js', import.meta.url));
const log = (s) => process.stderr.write(`${s}\n`);

const work = mkdtempSync(join(tmpdir(), 'agi-bench-'));
const feeds = await serveFeeds({ work, feeds: size.feeds, items: size.items });
const { feedDir, config } = feeds;
const totalItems = size.feeds * size.items;
log(`generated ${size.feeds} feeds × ${size.items} items (${fmt(feeds.megabytes, 1)} MB) in ${work}`);
const cli = (db, ...args) => cliOf(BIN, db, ...args);
const cliOf = (bin, db, ...args) =>
  timed(process.execPath, [bin, '--config', config, '--db', db, ...args], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1' },
  });

// 1. The reference: rss-parser alone, one process, same bytes; timed in each run of the ingest
// below, just before it, so the machine's load drifts over both alike.
const baseline = [];
const baselineCpu = [];
const reference = async () => {
  const res = await timed(process.execPath, [
    fileURLToPath(new URL('./rss-parser-baseline.js', import.meta.url)),
    feedDir,
  ]);
  baseline.push(JSON.parse(res.stdout).ms);
  baselineCpu.push(res.cpuMs);
};

// 1b. For scale, Python feedparser on the same bytes, when Debian's python3-feedparser is there.
const feedparser = [];
const python = '/usr/bin/python3';
const hasFeedparser = (await timed(python, ['-c', 'import feedparser']).catch(() => ({ code: 1 }))).code === 0;
for (let r = 0; hasFeedparser && r < Math.min(2, size.runs); r++) {
  const res = await timed(python, [fileURLToPath(new URL('./feedparser-baseline.py', import.meta.url)), feedDir]);
  feedparser.push(JSON.parse(res.stdout).ms);
}

// 2. Cold ingest into an empty database, then 3. the all-304 re-run of the same sources; with
// --before, the other build does the same in each run, which of the two goes first alternating.
const ingestRuns = async (bin, tag, r) => {
  const db = join(work, `ingest-${tag}${r}.db`);
  const cold = await cliOf(bin, db, 'fetch', '--json', '--quiet');
  const report = JSON.parse(cold.stdout);
  if (report.totals.new !== totalItems)
    throw new Error(`ingest stored ${report.totals.new} of ${totalItems}: ${cold.stderr}`);
  const warm = await cliOf(bin, db, 'fetch', '--json', '--quiet');
  const again = JSON.parse(warm.stdout);
  if (again.sources.some((s) => s.status !== 'not-modified')) throw new Error('the re-run was not all 304');
  return { ms: cold.ms, cpuMs: cold.cpuMs, peakMb: cold.peakMb, notModifiedMs: warm.ms };
};
const after = [];
const before = [];
for (let r = 0; r < size.runs; r++) {
  await reference();
  if (BEFORE && r % 2 === 0) before.push(await ingestRuns(BEFORE, 'before-', r));
  after.push(await ingestRuns(BIN, '', r));
  if (BEFORE && r % 2 === 1) before.push(await ingestRuns(BEFORE, 'before-', r));
}
const ingest = after.map((x) => x.ms);
const rss = after.map((x) => x.peakMb);
const notModified = after.map((x) => x.notModifiedMs);
await feeds.close();

// 4. Cold start against `node -e ''`.
const startDb = join(work, 'ingest-0.db');
const starts =
  startRuns > 0 ? await coldStart({ bin: BIN, cli: (...args) => cli(startDb, ...args), runs: startRuns }) : null;
const beforeOf = (key) => (before.length ? stats(before.map((x) => x[key])) : null);

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
  // CPU time of the reference process (start-up and reading the files included), for the CPU ratio.
  referenceCpuMs: stats(baselineCpu),
  referenceItemsPerSecond: totalItems / (b.median / 1000),
  ingestMs: ing,
  ingestItemsPerSecond: totalItems / (ing.median / 1000),
  ingestRatio: b.median / ing.median,
  ingestCpuMs: stats(after.map((x) => x.cpuMs)),
  // On a loaded machine wall times say more about the neighbours: CPU of the reference / CPU of
  // the ingest (all its threads) is the steadier figure, though not the goal's (that is wall time).
  ingestCpuRatio: stats(baselineCpu).median / stats(after.map((x) => x.cpuMs)).median,
  before: BEFORE
    ? {
        bin: BEFORE,
        ingestMs: beforeOf('ms'),
        ingestRatio: b.median / beforeOf('ms').median,
        ingestCpuMs: beforeOf('cpuMs'),
        ingestCpuRatio: stats(baselineCpu).median / beforeOf('cpuMs').median,
        ingestPeakRssMb: beforeOf('peakMb'),
        notModifiedRerunMs: beforeOf('notModifiedMs'),
      }
    : null,
  feedparserMs: feedparser.length ? stats(feedparser) : null,
  ingestVsFeedparser: feedparser.length ? stats(feedparser).median / ing.median : null,
  ingestPeakRssMb: stats(rss),
  notModifiedRerunMs: stats(notModified),
  coldStartMs: starts ? Object.fromEntries(Object.entries(starts).map(([k, v]) => [k, stats(v)])) : null,
};
result.coldStartRatio = starts ? coldStartRatios(result.coldStartMs) : null;

if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  const s = (x, d = 0) => `${fmt(x.median, d)} (min ${fmt(x.min, d)}, max ${fmt(x.max, d)}, ${x.runs} runs)`;
  const lines = [
    `agi-tracker benchmarks — ${result.date}, ${result.machine.cpus} × ` +
      `${result.machine.cpu}, Node ${result.machine.node}, size ${sizeName}`,
    `reference (rss-parser alone, ${totalItems} items): ` +
      `${s(result.referenceParseMs)} ms = ${fmt(result.referenceItemsPerSecond)} items/s`,
    `ingest (cold fetch into an empty db): ${s(result.ingestMs)} ms = ` +
      `${fmt(result.ingestItemsPerSecond)} items/s → ${fmt(result.ingestRatio, 2)}× the reference; ` +
      `CPU ${s(result.ingestCpuMs)} ms against the reference's ${s(result.referenceCpuMs)} ms ` +
      `→ ${fmt(result.ingestCpuRatio, 2)}× in CPU`,
    ...(result.before
      ? [
          `before (${result.before.bin}): ingest ${s(result.before.ingestMs)} ms → ` +
            `${fmt(result.before.ingestRatio, 2)}× the reference; CPU ${s(result.before.ingestCpuMs)} ms ` +
            `→ ${fmt(result.before.ingestCpuRatio, 2)}× in CPU; ` +
            `peak RSS ${s(result.before.ingestPeakRssMb)} MB; all-304 ${s(result.before.notModifiedRerunMs)} ms`,
        ]
      : []),
    ...(result.feedparserMs
      ? [
          `Python feedparser on the same bytes: ${s(result.feedparserMs)} ms = ` +
            `${fmt(result.referenceParseMs.median / result.feedparserMs.median, 2)}× ` +
            `rss-parser; our ingest is ${fmt(result.ingestVsFeedparser, 2)}× feedparser`,
        ]
      : ['Python feedparser: not installed (apt-get install python3-feedparser), skipped']),
    `ingest peak RSS: ${s(result.ingestPeakRssMb)} MB`,
    `all-304 re-run of ${size.feeds} sources: ${s(result.notModifiedRerunMs)} ms`,
    result.coldStartMs
      ? `cold start: node -e '' ${s(result.coldStartMs.node)} ms; ` +
        Object.entries(COLD_START_COMMANDS)
          .map(([k, args]) => `${args} ${fmt(result.coldStartRatio[k], 2)}×`)
          .join(', ')
      : 'cold start: skipped (--starts 0)',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
