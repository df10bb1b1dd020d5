// Benchmark of `analyze` against a local OpenAI-compatible endpoint with 20 ms latency:
// events/s at concurrency 1, 4 and 16, and our bookkeeping time per call outside the HTTP
// round trip. `node bench/analyze.js [--events N] [--json]`.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeLlm } from './lib/fake-llm.js';
import { fmt, stats, timed } from './lib/measure.js';
import { fillPendingEvents } from './lib/pending-events.js';

const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const EVENTS = Number(arg('--events', 5000));
const RUNS = Number(arg('--runs', 3));
const LATENCY_MS = 20;
const BIN = fileURLToPath(new URL('../bin/agi-tracker.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'agi-bench-analyze-'));

const llm = await startFakeLlm(LATENCY_MS);
const { baseUrl } = llm;
const config = join(work, 'agi-tracker.config.json');
writeFileSync(config, JSON.stringify({ budget: { hardLimitUsd: 1000, dailyWarningUsd: 1000 } }));
const env = { ...process.env, NO_COLOR: '1', OPENAI_API_KEY: 'bench', OPENAI_BASE_URL: baseUrl };

// A database with EVENTS events and no analyses, copied fresh for every run.
const template = join(work, 'template.db');
await timed(process.execPath, [BIN, '--db', template, '--config', config, 'budget'], { env });
fillPendingEvents(template, EVENTS);

const results = [];
for (const concurrency of [1, 4, 16]) {
  const bare = [];
  for (let r = 0; r < RUNS; r++) {
    bare.push(
      (
        await timed(process.execPath, [
          fileURLToPath(new URL('./bare-http.js', import.meta.url)),
          baseUrl,
          String(EVENTS),
          String(concurrency),
        ])
      ).ms,
    );
  }
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const db = join(work, `run-${concurrency}-${r}.db`);
    copyFileSync(template, db);
    const res = await timed(
      process.execPath,
      [
        BIN,
        '--db',
        db,
        '--config',
        config,
        'analyze',
        '--json',
        '--quiet',
        '--max-events',
        String(EVENTS),
        '--concurrency',
        String(concurrency),
      ],
      { env },
    );
    const report = JSON.parse(res.stdout);
    if (report.analyzed !== EVENTS) throw new Error(`analyzed ${report.analyzed} of ${EVENTS}: ${res.stderr}`);
    times.push(res.ms);
  }
  const s = stats(times);
  const b = stats(bare);
  // What a call costs us beyond a bare fetch of the same endpoint at the same concurrency
  // (claim, prompt, reservation, SDK, settlement, storage, process start), per call.
  const overheadMs = (s.median - b.median) / EVENTS;
  results.push({
    concurrency,
    ms: s,
    bareMs: b,
    eventsPerSecond: EVENTS / (s.median / 1000),
    bareEventsPerSecond: EVENTS / (b.median / 1000),
    overheadPerCallMs: overheadMs,
  });
}
await llm.close();

if (process.argv.includes('--json'))
  process.stdout.write(`${JSON.stringify({ events: EVENTS, latencyMs: LATENCY_MS, results }, null, 2)}\n`);
else
  for (const r of results)
    process.stdout.write(
      `concurrency ${String(r.concurrency).padStart(2)}: ${fmt(r.ms.median)} ms (min ${fmt(r.ms.min)}, max ` +
        `${fmt(r.ms.max)}, ${r.ms.runs} runs) = ${fmt(r.eventsPerSecond)} events/s (bare fetch loop: ` +
        `${fmt(r.bareEventsPerSecond)}/s); ${fmt(r.overheadPerCallMs, 2)} ms per call beyond the round trip\n`,
    );
