// Parts 4 and 5: the read-heavy commands over large records, built in SQLite as bench/snapshot.js
// and bench/run.js build them and moved to PostgreSQL with `db copy` (timed too).
//  - snapshot, snapshot --history 30 and digest --format html over `events` analysed events, each
//    command on a fresh copy of the record (PostgreSQL: a clone of that run's `db copy`), with
//    `budget` (start-up and opening the database) as each backend's reference;
//  - dedupe-check over `events` events; both backends must print the same report.
import { fillAnalysedRecord } from '../lib/analysed-record.js';
import { fillDedupeRecord } from '../lib/dedupe-record.js';
import { stats } from '../lib/measure.js';
import { BACKENDS, backendsFor } from './harness.js';

// A fixed "now", so the record's windows (7, 30 days, 12 weeks) hold the same events every day.
const NOW = '2026-11-23T12:00:00Z';
const env = { AGI_TRACKER_NOW: NOW };
const COMMANDS = {
  budget: ['budget'],
  snapshot: ['snapshot', '--json'],
  'snapshot --history 30': ['snapshot', '--history', '30', '--json'],
  'digest --format html': ['digest', '--format', 'html'],
};

export async function benchSnapshot(h, { events }) {
  h.log(`snapshot and digest: ${events} analysed events, ${h.runs} runs per backend`);
  const seed = await h.migratedSqlite();
  fillAnalysedRecord(seed, events, NOW);
  const copies = [];
  const statements = {};
  const ms = Object.fromEntries(Object.keys(COMMANDS).map((name) => [name, { sqlite: [], postgres: [] }]));
  for (let r = 0; r < h.runs; r++) {
    const copy = await h.copyToPostgres(seed);
    copies.push(copy.ms);
    const seeds = { sqlite: seed, postgres: copy.url };
    for (const [name, args] of Object.entries(COMMANDS)) {
      for (const backend of backendsFor(r)) {
        const res = await h.cli(await h.clone(backend, seeds[backend]), args, { env });
        ms[name][backend].push(res.ms);
        if (backend === 'postgres' && res.statements !== undefined) statements[name] = res.statements;
      }
    }
  }
  const result = { events, copyMs: stats(copies), commands: {} };
  for (const name of Object.keys(COMMANDS)) {
    const row = {};
    for (const backend of BACKENDS) row[backend] = stats(ms[name][backend]);
    row.ratio = row.postgres.median / row.sqlite.median;
    if (name in statements) row.postgresStatements = statements[name];
    result.commands[name] = row;
  }
  return result;
}

export async function benchDedupe(h, { events }) {
  h.log(`dedupe-check: ${events} events, ${h.runs} runs per backend`);
  const seed = await h.migratedSqlite();
  fillDedupeRecord(seed, events);
  const copy = await h.copyToPostgres(seed);
  const dbs = { sqlite: seed, postgres: copy.url };
  const ms = { sqlite: [], postgres: [] };
  const reports = {};
  let statements;
  for (let r = 0; r < h.runs; r++) {
    for (const backend of backendsFor(r)) {
      const res = await h.cli(dbs[backend], ['dedupe-check', '--json'], { env });
      reports[backend] = res.stdout;
      ms[backend].push(res.ms);
      if (backend === 'postgres' && res.statements !== undefined) statements = res.statements;
    }
  }
  if (reports.sqlite !== reports.postgres)
    throw new Error(`dedupe-check reports differ:\nSQLite ${reports.sqlite}\nPostgreSQL ${reports.postgres}`);
  const result = { events, copyMs: copy.ms, ms: {} };
  for (const backend of BACKENDS) result.ms[backend] = stats(ms[backend]);
  result.ratio = result.ms.postgres.median / result.ms.sqlite.median;
  if (statements !== undefined) result.postgresStatements = statements;
  return result;
}
