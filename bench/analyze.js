// Benchmark of `analyze` against a local OpenAI-compatible endpoint with 20 ms latency:
// events/s at concurrency 1, 4 and 16, and our bookkeeping time per call outside the HTTP
// round trip. `node bench/analyze.js [--events N] [--json]`.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import { fmt, stats, timed } from './lib/measure.js';

const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const EVENTS = Number(arg('--events', 5000));
const RUNS = Number(arg('--runs', 3));
const LATENCY_MS = 20;
const BIN = fileURLToPath(new URL('../bin/agi-tracker.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'agi-bench-analyze-'));

const answer = JSON.stringify({
  summary: 'A lab reports a result.',
  significance: 5,
  categories: ['capabilities'],
  signposts: [{ code: 'swe_bench_85', value: 70, confidence: 0.7 }],
  evidenceTier: 'B',
  rationale: 'It reports a score.',
});
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () =>
    setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-4o-mini',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: answer } }],
          usage: {
            prompt_tokens: 900,
            completion_tokens: 80,
            total_tokens: 980,
            prompt_tokens_details: { cached_tokens: 0 },
          },
        }),
      );
    }, LATENCY_MS),
  );
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const baseUrl = `http://127.0.0.1:${server.address().port}/v1`;
const config = join(work, 'agi-tracker.config.json');
writeFileSync(config, JSON.stringify({ budget: { hardLimitUsd: 1000, dailyWarningUsd: 1000 } }));
const env = { ...process.env, NO_COLOR: '1', OPENAI_API_KEY: 'bench', OPENAI_BASE_URL: baseUrl };

// A database with EVENTS events and no analyses, copied fresh for every run.
const template = join(work, 'template.db');
await timed(process.execPath, [BIN, '--db', template, '--config', config, 'budget'], { env });
{
  const h = new Sqlite(template);
  const insert = h.prepare(
    `insert into events (source_id, kind, title, url, canonical_url, content_hash, summary, authors,
                         published_at, fetched_at)
     values ('bench', 'post', ?, ?, ?, ?, ?, '[]', ?, ?)`,
  );
  h.transaction(() => {
    for (let i = 0; i < EVENTS; i++) {
      const at = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
      insert.run(
        `Event ${i}: a model reaches a new score`,
        `https://e.example/${i}`,
        `https://e.example/${i}`,
        `h${i}`,
        'A lab reports 70% on SWE-bench Verified. '.repeat(5),
        at,
        at,
      );
    }
  })();
  h.close();
}

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
server.close();

if (process.argv.includes('--json'))
  process.stdout.write(`${JSON.stringify({ events: EVENTS, latencyMs: LATENCY_MS, results }, null, 2)}\n`);
else
  for (const r of results)
    process.stdout.write(
      `concurrency ${String(r.concurrency).padStart(2)}: ${fmt(r.ms.median)} ms (min ${fmt(r.ms.min)}, max ` +
        `${fmt(r.ms.max)}, ${r.ms.runs} runs) = ${fmt(r.eventsPerSecond)} events/s (bare fetch loop: ` +
        `${fmt(r.bareEventsPerSecond)}/s); ${fmt(r.overheadPerCallMs, 2)} ms per call beyond the round trip\n`,
    );
