#!/usr/bin/env node
// Screenshots of the HTML digest as a phone (400 px) and a desktop (1200 px) show it, taken
// by a real headless Chromium, so a person can look at them: charts that overflow, tables
// pushed off-screen and labels beside the wrong row do not show in any string assertion.
//
//   npm run build && node bench/digest-screenshots.js [--out DIR] [--height 2400]
//
// It builds the sample record (fetch --offline, the offline analyser, the last complete
// week's digest) in a temp folder and prints where the PNGs are. Without a chromium binary
// (Debian: apt-get install chromium) it says so and exits 0: CI may not have one.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { screenshot } from './lib/chromium.js';

const BIN = fileURLToPath(new URL('../bin/agi-tracker.js', import.meta.url));
const WIDTHS = [400, 1200];

const { values } = parseArgs({ options: { out: { type: 'string' }, height: { type: 'string', default: '2400' } } });
const height = Number(values.height);

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find(
  (name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0,
);
if (!chromium) {
  console.log('digest-screenshots: skipped, no chromium on PATH (Debian: apt-get install chromium)');
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'agi-tracker-shots-'));
const out = values.out ?? work;
mkdirSync(out, { recursive: true });
const env = { ...process.env, NO_COLOR: '1', AGI_TRACKER_DB: join(work, 'agi-tracker.db') };
const cli = (...args) => {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: work, env, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`agi-tracker ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return res.stdout;
};
cli('fetch', '--offline');
cli('analyze', '--provider', 'offline');
const page = join(work, 'digest.html');
writeFileSync(page, cli('digest', '--format', 'html'));

for (const width of WIDTHS) {
  const png = join(out, `digest-${width}.png`);
  screenshot(chromium, page, png, width, height);
  console.log(png);
}
console.log(`page: ${page}`);
