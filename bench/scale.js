// The record at scale (issue #13): `node bench/scale.js [--size full|tiny] [--events 10000,300000]
// [--runs N] [--only dedupe-check,backup] [--before PATH] [--json]`.
// Builds records of 10k, 300k and 1M events (bench/lib/record.js: direct inserts, real-looking
// titles, labelled near-duplicate pairs) and times commands through the CLI beside their goals:
// wall time (median, min–max), CPU time (the machine is shared: wall time also measures the
// neighbours), and each figure's reference in the same run (`node -e ''`, `cp`).
// `--before PATH` also runs each command once with another build (an older checkout's
// bin/agi-tracker.js) on the same record: the before and after of a change.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import { fmt, stats, timed } from './lib/measure.js';
import { buildRecord, pairsGrouped } from './lib/record.js';

const SIZES = {
  full: { events: [10_000, 300_000, 1_000_000], runs: 3, pairs: 150 },
  tiny: { events: [2_000], runs: 1, pairs: 24 },
};
const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const sizeName = arg('--size') ?? 'full';
const size = SIZES[sizeName];
if (!size) throw new Error(`unknown --size ${sizeName} (full or tiny)`);
const eventCounts = arg('--events') ? arg('--events').split(',').map(Number) : size.events;
const runs = Number(arg('--runs') ?? size.runs);
const BIN = fileURLToPath(new URL('../bin/agi-tracker.js', import.meta.url));
const BEFORE = arg('--before');
const only = arg('--only')?.split(',');
const json = process.argv.includes('--json');
const NOW = '2026-11-23T12:00:00.000Z';
/** `cleanup --older-than 365` on a record of two years deletes half of it. */
const HALF = ['--older-than', '365'];
const log = (s) => process.stderr.write(`${s}\n`);

const GOALS = {
  'dedupe-check': '< 1 s at 1M, every near pair found, no apart pair grouped',
  'export --format jsonl': '≥ 200,000 rows/s at 1M, memory flat',
  'export --format csv': '≥ 200,000 rows/s at 1M, memory flat',
  'cleanup --dry-run': '< 0.5 s at 1M',
  'cleanup (half)': '≥ 50,000 rows/s, tombstones included',
  backup: "the disk's copy rate (cp of the same file)",
};

const work = mkdtempSync(join(tmpdir(), 'agi-bench-scale-'));
const cli = (bin, db, args, options = {}) =>
  timed(process.execPath, [bin, '--db', db, ...args], {
    env: { ...process.env, AGI_TRACKER_NOW: NOW, NO_COLOR: '1' },
    ...options,
  });
async function ok(pending, what) {
  const res = await pending;
  if (res.code !== 0) throw new Error(`${what} exited ${res.code}: ${res.stderr.slice(0, 2000)}`);
  return res;
}

/**
 * One command `runs` times (once with the --before build): read-only ones on the record
 * itself, writing ones (`fresh`) each on a fresh copy of it. `figure(res)` turns a run into
 * the numbers reported beside the time.
 */
async function measure(name, seed, args, { fresh = false, countOnly = false, figure = () => ({}) } = {}) {
  if (only && !only.includes(name)) return null;
  const one = async (bin) => {
    let db = seed;
    if (fresh) {
      db = join(work, 'run.db');
      rmSync(`${db}-wal`, { force: true });
      copyFileSync(seed, db);
    }
    const res = await ok(cli(bin, db, args, { countOnly }), `${name} (${bin})`);
    return { res, ...figure(res, db) };
  };
  const after = [];
  for (let r = 0; r < runs; r++) after.push(await one(BIN));
  const last = after[after.length - 1];
  const result = {
    ms: stats(after.map((a) => a.res.ms)),
    cpuMs: stats(after.map((a) => a.res.cpuMs)),
    peakMb: stats(after.map((a) => a.res.peakMb)),
    ...Object.fromEntries(Object.entries(last).filter(([k]) => k !== 'res')),
  };
  if (BEFORE) {
    const b = await one(BEFORE);
    result.before = { ms: b.res.ms, cpuMs: b.res.cpuMs, peakMb: b.res.peakMb, text: b.text };
  }
  // As it goes, on stderr: a full run takes long, and an interrupted one still leaves figures.
  const shown = result.text ? `: ${result.text}` : '';
  log(`  ${name}: ${fmt(result.ms.median)} ms, CPU ${fmt(result.cpuMs.median)} ms${shown}`);
  if (result.before) log(`    before: ${fmt(result.before.ms)} ms, CPU ${fmt(result.before.cpuMs)} ms`);
  return result;
}

const results = [];
for (const events of eventCounts) {
  const seed = join(work, `record-${events}.db`);
  await ok(cli(BIN, seed, ['budget']), 'budget'); // creates and migrates the database
  const built = Date.now();
  const planted = buildRecord(seed, { events, now: NOW, pairs: size.pairs });
  const bytes = statSync(seed).size;
  log(`${events} events built in ${fmt((Date.now() - built) / 1000, 1)} s (${fmt(bytes / 1e6)} MB)`);

  const node = [];
  for (let r = 0; r < runs; r++) node.push((await timed(process.execPath, ['-e', ''])).ms);
  const commands = {};
  const rowsPerSecond = (rows, res) => rows / (res.ms / 1000);

  commands['dedupe-check'] = await measure('dedupe-check', seed, ['dedupe-check', '--json'], {
    figure: (res) => {
      const report = JSON.parse(res.stdout);
      const [nearFound, nearPlanted] = pairsGrouped(report, planted.near);
      const [apartGrouped, apartPlanted] = pairsGrouped(report, planted.apart);
      return {
        nearFound,
        nearPlanted,
        apartGrouped,
        apartPlanted,
        text: `near pairs found ${nearFound}/${nearPlanted}, apart pairs grouped ${apartGrouped}/${apartPlanted}`,
      };
    },
  });

  for (const format of ['jsonl', 'csv'])
    commands[`export --format ${format}`] = await measure(
      `export --format ${format}`,
      seed,
      ['export', '--format', format],
      {
        countOnly: true,
        figure: (res) => {
          const rows = res.stdoutLines - (format === 'csv' ? 1 : 0);
          if (format === 'jsonl' && rows !== events) throw new Error(`export wrote ${rows} rows of ${events}`);
          const rate = rowsPerSecond(rows, res);
          return { rows, rowsPerSecond: rate, text: `${fmt(rate)} rows/s, ${fmt(res.peakMb)} MB peak RSS` };
        },
      },
    );

  commands['cleanup --dry-run'] = await measure(
    'cleanup --dry-run',
    seed,
    ['cleanup', '--dry-run', ...HALF, '--json'],
    {
      figure: (res) => {
        const deleted = JSON.parse(res.stdout).deleted.events;
        return { wouldDelete: deleted, text: `would delete ${deleted} events` };
      },
    },
  );

  commands['cleanup (half)'] = await measure('cleanup (half)', seed, ['cleanup', ...HALF, '--json'], {
    fresh: true,
    figure: (res, db) => {
      const deleted = JSON.parse(res.stdout).deleted.events;
      const h = new Sqlite(db, { readonly: true });
      const tombstones = h.prepare('select count(*) from tombstones').pluck().get();
      const left = h.prepare('select count(*) from events').pluck().get();
      h.close();
      if (tombstones !== deleted || left !== events - deleted)
        throw new Error(`cleanup deleted ${deleted}, left ${left} events and ${tombstones} tombstones`);
      const rate = rowsPerSecond(deleted, res);
      return { deleted, rowsPerSecond: rate, text: `${deleted} events (and tombstones) at ${fmt(rate)} rows/s` };
    },
  });

  if (!only || only.includes('backup')) {
    // The disk's copy rate: cp of the same file, interleaved with the backups.
    const cp = [];
    const copy = join(work, 'copy.db');
    const cpOne = async () => {
      rmSync(copy, { force: true });
      cp.push((await ok(timed('cp', [seed, copy]), 'cp')).ms);
    };
    const target = join(work, 'backup.db');
    commands.backup = await measure('backup', seed, ['backup', target, '--json'], {
      figure: () => {
        rmSync(target, { force: true });
        return {};
      },
    });
    for (let r = 0; r < runs; r++) await cpOne();
    rmSync(copy, { force: true });
    commands.backup.cpMs = stats(cp);
    const ratio = commands.backup.ms.median / commands.backup.cpMs.median;
    commands.backup.text = `${fmt(ratio, 2)}× cp (${fmt(commands.backup.cpMs.median)} ms)`;
  }

  for (const [name, c] of Object.entries(commands)) if (c === null) delete commands[name];
  results.push({ events, bytes, windowEvents: planted.windowEvents, nodeMs: stats(node), commands });
  rmSync(seed, { force: true });
  rmSync(`${seed}-wal`, { force: true });
}
rmSync(work, { recursive: true, force: true });

const machine = `${execFileSync('nproc').toString().trim()} cores, Node ${process.version}`;
if (json) {
  const out = { date: new Date().toISOString(), machine, bin: BIN, before: BEFORE ?? null, goals: GOALS, results };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} else {
  const range = (x) => `${fmt(x.median)} ms (${fmt(x.min)}–${fmt(x.max)})`;
  const lines = [`agi-tracker at scale — ${new Date().toISOString()}, ${machine}, ${runs} runs each`];
  if (BEFORE) lines.push(`before: ${BEFORE}, once each`);
  for (const r of results) {
    lines.push(`${r.events} events, ${fmt(r.bytes / 1e6)} MB (30-day window ~${r.windowEvents});`);
    lines[lines.length - 1] += ` node -e '' ${range(r.nodeMs)}`;
    for (const [name, c] of Object.entries(r.commands)) {
      lines.push(`  ${name.padEnd(22)} ${range(c.ms)}, CPU ${fmt(c.cpuMs.median)} ms: ${c.text ?? ''}`);
      if (c.before) {
        const b = c.before;
        lines.push(`  ${''.padEnd(22)} before: ${fmt(b.ms)} ms, CPU ${fmt(b.cpuMs)} ms: ${b.text ?? ''}`);
      }
      lines.push(`  ${''.padEnd(22)} goal: ${GOALS[name]}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
