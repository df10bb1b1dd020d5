// Parts 2 and 3: `analyze` against a local OpenAI-compatible endpoint, on each backend, from
// the same pending events (a SQLite record; PostgreSQL gets it by `db copy`, then a clone per run).
//  - bookkeeping: one process, --concurrency 1, an endpoint with no latency; per call, our wall
//    time minus a bare fetch loop's making the same calls (claim, prompt, reservation, SDK,
//    settlement, storage, and the start-up spread over the calls). Goal: < 5 ms on PostgreSQL.
//  - race: `racers` processes started at once on one database, the endpoint answering after
//    `latencyMs`; total events/s until the last exits. Every event must be sent exactly once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeLlm } from '../lib/fake-llm.js';
import { stats, timed } from '../lib/measure.js';
import { fillPendingEvents } from '../lib/pending-events.js';
import { BACKENDS, backendsFor } from './harness.js';

const BARE = fileURLToPath(new URL('../bare-http.js', import.meta.url));

/** A record of `events` pending events on both backends (PostgreSQL: by `db copy`). */
async function pendingSeeds(h, events) {
  const sqlite = await h.migratedSqlite();
  fillPendingEvents(sqlite, events);
  return { sqlite, postgres: (await h.copyToPostgres(sqlite)).url };
}

function setup(h, name, baseUrl) {
  const config = join(h.dir(name), 'agi-tracker.config.json');
  writeFileSync(config, JSON.stringify({ budget: { hardLimitUsd: 100_000, dailyWarningUsd: 100_000 } }));
  return { config, env: { OPENAI_API_KEY: 'bench', OPENAI_BASE_URL: baseUrl } };
}

export async function benchBookkeeping(h, { events }) {
  const llm = await startFakeLlm(0);
  const { config, env } = setup(h, 'calls', llm.baseUrl);
  h.log(`analyze bookkeeping: ${events} calls at concurrency 1, endpoint latency 0, ${h.runs} runs per backend`);
  const seeds = await pendingSeeds(h, events);
  const bare = [];
  const ms = { sqlite: [], postgres: [] };
  const statements = [];
  try {
    for (let r = 0; r < h.runs; r++) {
      bare.push((await timed(process.execPath, [BARE, llm.baseUrl, String(events), '1'])).ms);
      for (const backend of backendsFor(r)) {
        const db = await h.clone(backend, seeds[backend]);
        const args = ['analyze', '--json', '--quiet', '--max-events', String(events), '--concurrency', '1'];
        const res = await h.cli(db, args, { config, env });
        const done = JSON.parse(res.stdout).analyzed;
        if (done !== events) throw new Error(`analyze on ${backend} analysed ${done} of ${events}: ${res.stderr}`);
        ms[backend].push(res.ms);
        if (backend === 'postgres' && res.statements !== undefined) statements.push(res.statements);
      }
    }
  } finally {
    await llm.close();
  }
  const result = { calls: events, bareMs: stats(bare), ms: {}, perCallMs: {} };
  for (const backend of BACKENDS) {
    result.ms[backend] = stats(ms[backend]);
    result.perCallMs[backend] = (result.ms[backend].median - result.bareMs.median) / events;
  }
  result.ratio = result.perCallMs.postgres / result.perCallMs.sqlite;
  if (statements.length) result.postgresStatementsPerCall = statements[0] / events;
  result.goal = { text: '< 5 ms a call on PostgreSQL', met: result.perCallMs.postgres < 5 };
  return result;
}

export async function benchRace(h, { events, racers, latencyMs, concurrency }) {
  const llm = await startFakeLlm(latencyMs);
  const { config, env } = setup(h, 'race', llm.baseUrl);
  h.log(
    `analyze race: ${racers} processes (--concurrency ${concurrency} each) over ${events} events, ` +
      `endpoint latency ${latencyMs} ms, ${h.runs} runs per backend`,
  );
  const seeds = await pendingSeeds(h, events);
  const ms = { sqlite: [], postgres: [] };
  let statementsPerEvent;
  try {
    for (let r = 0; r < h.runs; r++) {
      for (const backend of backendsFor(r)) {
        const db = await h.clone(backend, seeds[backend]);
        const args = ['analyze', '--json', '--quiet', '--max-events', String(events)];
        const callsBefore = llm.calls();
        const statementsBefore = h.statements?.();
        const started = process.hrtime.bigint();
        const runs = await Promise.all(
          Array.from({ length: racers }, () =>
            h.cli(db, [...args, '--concurrency', String(concurrency)], { config, env }),
          ),
        );
        ms[backend].push(Number(process.hrtime.bigint() - started) / 1e6);
        if (backend === 'postgres' && h.statements) statementsPerEvent = (h.statements() - statementsBefore) / events;
        const analysed = runs.reduce((n, res) => n + JSON.parse(res.stdout).analyzed, 0);
        const sent = llm.calls() - callsBefore;
        const ledger = await h.count(db, "select count(*) as n from llm_calls where state = 'settled'");
        if (analysed !== events || sent !== events || ledger !== events)
          throw new Error(
            `race on ${backend}: ${analysed} analysed, ${sent} calls sent, ${ledger} settled, for ${events} events`,
          );
      }
    }
  } finally {
    await llm.close();
  }
  const result = { events, racers, concurrency, latencyMs, ms: {}, eventsPerSecond: {} };
  for (const backend of BACKENDS) {
    result.ms[backend] = stats(ms[backend]);
    result.eventsPerSecond[backend] = events / (result.ms[backend].median / 1000);
  }
  result.ratio = result.eventsPerSecond.postgres / result.eventsPerSecond.sqlite;
  if (statementsPerEvent !== undefined) result.postgresStatementsPerEvent = statementsPerEvent;
  return result;
}
