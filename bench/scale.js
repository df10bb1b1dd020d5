// The record at scale (issue #13): `node bench/scale.js [--size full|tiny] [--events 10000,300000]
// [--runs N] [--only dedupe-check,backup] [--before PATH] [--reuse DIR] [--analyze-events N] [--json]`.
// Builds records of 10k, 300k and 1M events (bench/lib/record.js: direct inserts, real-looking
// titles, labelled near-duplicate pairs) and times commands through the CLI beside their goals:
// wall time (median, min–max), CPU time (the machine is shared: wall time also measures the
// neighbours), and each figure's reference in the same run (`node -e ''`, `cp`).
// `--before PATH` also runs each command once with another build (an older checkout's
// bin/agi-tracker.js) on the same record: the before and after of a change. `--reuse DIR` keeps
// each record built in DIR and measures on it again next time (a 1M record takes minutes).
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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
/** Events one `analyze --provider offline` run analyses (the record leaves half unanalysed). */
const ANALYZE_EVENTS = { full: 20_000, tiny: 500 };
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
const reuse = arg('--reuse');
const analyzeEvents = Number(arg('--analyze-events') ?? ANALYZE_EVENTS[sizeName]);
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
  snapshot: '< 1 s at 1M',
  'snapshot --history 30': '< 1.5 s at 1M',
  'digest --format html': '< 1 s at 1M',
  'analyze --provider offline': '≥ 5,000 events/s over a 300k record, flat within a run',
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
async function measure(name, seed, args, { fresh = false, countOnly = false, figure = () => ({}), run = null } = {}) {
  if (only && !only.includes(name)) return null;
  const one = async (bin) => {
    // The older build reads the record as built; this one its migrated copy.
    let db = bin === BEFORE ? seed.built : seed.migrated;
    const source = db;
    if (fresh) {
      db = join(work, 'run.db');
      rmSync(`${db}-wal`, { force: true });
      copyFileSync(source, db);
    }
    const pending = run ? run(bin, db) : cli(bin, db, args, { countOnly });
    const res = await ok(pending, `${name} (${bin})`);
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
  const { seed: built, planted } = await record(events);
  const bytes = statSync(built).size;
  const seed = { built, migrated: await migrated(built) };

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

  for (const [name, extra] of [
    ['snapshot', []],
    ['snapshot --history 30', ['--history', '30']],
  ])
    commands[name] = await measure(name, seed, ['snapshot', ...extra, '--json'], {
      fresh: true,
      figure: (res) => {
        const doc = JSON.parse(res.stdout);
        const valued = doc.signposts.filter((s) => s.value !== null).length;
        return { valued, text: `${valued} signposts with a value, ${doc.history.length} days of history` };
      },
    });
  commands['digest --format html'] = await measure('digest --format html', seed, ['digest', '--format', 'html'], {
    fresh: true,
    figure: (res) => ({ text: `${fmt(res.stdout.length / 1000)} kB of HTML` }),
  });
  commands['analyze --provider offline'] = await measure('analyze --provider offline', seed, [], {
    fresh: true,
    run: (bin, db) => analyzeRun(bin, db, analyzeEvents),
    figure: (res) => res.figure,
  });

  if (!only || only.includes('backup')) {
    // The disk's copy rate: cp of the same file, interleaved with the backups.
    const cp = [];
    const copy = join(work, 'copy.db');
    const cpOne = async () => {
      rmSync(copy, { force: true });
      cp.push((await ok(timed('cp', [seed.migrated, copy]), 'cp')).ms);
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
  if (!reuse)
    for (const file of new Set([seed.built, seed.migrated])) {
      rmSync(file, { force: true });
      rmSync(`${file}-wal`, { force: true });
    }
}
rmSync(work, { recursive: true, force: true });

/** The record of `events` events: built (and kept, with `--reuse DIR`), or the one kept before. */
async function record(events) {
  const dir = reuse ?? work;
  mkdirSync(dir, { recursive: true });
  const seed = join(dir, `record-${events}-${size.pairs}.db`);
  const plantedFile = `${seed}.planted.json`;
  if (reuse && existsSync(plantedFile)) {
    log(`${events} events: reusing ${seed}`);
    return { seed, planted: JSON.parse(readFileSync(plantedFile, 'utf8')) };
  }
  rmSync(seed, { force: true });
  // Created and migrated by the older build under --before, so both builds can read it.
  await ok(cli(BEFORE ?? BIN, seed, ['budget']), 'budget');
  const built = Date.now();
  const planted = buildRecord(seed, { events, now: NOW, pairs: size.pairs });
  log(`${events} events built in ${fmt((Date.now() - built) / 1000, 1)} s (${fmt(statSync(seed).size / 1e6)} MB)`);
  if (reuse) writeFileSync(plantedFile, JSON.stringify(planted));
  return { seed, planted };
}

/**
 * The record as this build reads it: migrated once (timed) — into a copy when an older build
 * (`--before`) also runs on the record as built, since that build refuses a newer schema.
 */
async function migrated(built) {
  const file = BEFORE ? `${built}.migrated.db` : built;
  if (BEFORE) {
    rmSync(`${file}-wal`, { force: true });
    copyFileSync(built, file);
  }
  const res = await ok(cli(BIN, file, ['budget']), 'budget');
  log(`  migrated (or checked) by this build: ${fmt(res.ms)} ms, CPU ${fmt(res.cpuMs)} ms`);
  return file;
}

/**
 * One `analyze --provider offline` run of `count` events, its progress polled from the database
 * (the newest analysis id, an index seek) every 100 ms: events/s over its first and its last
 * tenth show whether the rate stays flat as the run goes deeper into the record.
 */
async function analyzeRun(bin, db, count) {
  const h = new Sqlite(db, { readonly: true });
  const newest = h.prepare('select max(id) from analyses').pluck();
  const first = newest.get();
  const samples = [];
  const poll = setInterval(() => samples.push([performance.now(), newest.get() - first]), 100);
  const started = performance.now();
  samples.push([started, 0]);
  const res = await cli(bin, db, ['analyze', '--provider', 'offline', '--max-events', String(count)]);
  clearInterval(poll);
  samples.push([performance.now(), newest.get() - first]);
  h.close();
  const done = samples[samples.length - 1][1];
  // When the run had claimed n events (linear between two samples).
  const when = (n) => {
    const k = samples.findIndex(([, c]) => c >= n);
    if (k <= 0) return samples[Math.max(k, 0)][0];
    const [[t0, c0], [t1, c1]] = [samples[k - 1], samples[k]];
    return t0 + ((t1 - t0) * (n - c0)) / (c1 - c0);
  };
  const tenth = done / 10;
  const rate = (from, to) => (to - from) / ((when(to) - when(from)) / 1000);
  // From the first claim: start-up is not the analyser's rate.
  const startRate = rate(1, tenth);
  const endRate = rate(done - tenth, done);
  const overall = done / (res.ms / 1000);
  return {
    ...res,
    figure: {
      analyzed: done,
      startRate,
      endRate,
      overall,
      text:
        `${done} events, ${fmt(overall)} events/s with start-up; first tenth ${fmt(startRate)}/s, ` +
        `last tenth ${fmt(endRate)}/s`,
    },
  };
}

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
