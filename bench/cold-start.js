// Cold start alone (the last part of bench/run.js), on a database made by `fetch --offline`:
// `node bench/cold-start.js [--starts 20] [--json]` after `npm run build`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coldStart } from './lib/cold-start.js';
import { fmt, stats, timed } from './lib/measure.js';

const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const runs = Number(arg('--starts', '20'));
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--starts must be a whole number ≥ 1, got ${arg('--starts')}`);
const json = process.argv.includes('--json');
const BIN = fileURLToPath(new URL('../bin/agi-tracker.js', import.meta.url));

const work = mkdtempSync(join(tmpdir(), 'agi-bench-start-'));
const env = { ...process.env, NO_COLOR: '1', AGI_TRACKER_DB: join(work, 'start.db'), OPENAI_API_KEY: '' };
const cli = (...args) => timed(process.execPath, [BIN, ...args], { cwd: work, env });
const made = await cli('fetch', '--offline', '--quiet');
if (made.code !== 0) throw new Error(`fetch --offline exited ${made.code}: ${made.stderr}`);

const starts = await coldStart({ bin: BIN, cli, runs });
const ms = Object.fromEntries(Object.entries(starts).map(([k, v]) => [k, stats(v)]));
const ratio = Object.fromEntries(['version', 'budget', 'eventsList'].map((k) => [k, ms[k].median / ms.node.median]));
if (json)
  process.stdout.write(
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, coldStartMs: ms, coldStartRatio: ratio }, null, 2)}\n`,
  );
else {
  const s = (x) => `${fmt(x.median)} ms (min ${fmt(x.min)}, max ${fmt(x.max)}, ${x.runs} runs)`;
  process.stdout.write(
    [
      `node -e '': ${s(ms.node)}`,
      `--version: ${s(ms.version)} = ${fmt(ratio.version, 2)}×`,
      `budget: ${s(ms.budget)} = ${fmt(ratio.budget, 2)}×`,
      `events list --limit 1: ${s(ms.eventsList)} = ${fmt(ratio.eventsList, 2)}×`,
    ].join('\n') + '\n',
  );
}
