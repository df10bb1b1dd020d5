// Cold start alone (the last part of bench/run.js), on a database made by `fetch --offline`:
// `node bench/cold-start.js [--starts 20] [--json]` after `npm run build`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COLD_START_COMMANDS, coldStart, coldStartRatios } from './lib/cold-start.js';
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
const ratio = coldStartRatios(ms);
if (json)
  process.stdout.write(
    `${JSON.stringify(
      { date: new Date().toISOString(), node: process.version, coldStartMs: ms, coldStartRatio: ratio },
      null,
      2,
    )}\n`,
  );
else {
  const s = (x) => `${fmt(x.median)} ms (min ${fmt(x.min)}, max ${fmt(x.max)}, ${x.runs} runs)`;
  process.stdout.write(
    [
      `node -e '': ${s(ms.node)}`,
      ...Object.entries(COLD_START_COMMANDS).map(([k, args]) => `${args}: ${s(ms[k])} = ${fmt(ratio[k], 2)}×`),
    ].join('\n') + '\n',
  );
}
