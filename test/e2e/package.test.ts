import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work: string | undefined;

// Removing an installed copy (node_modules included) takes a while on a loaded runner.
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
}, 120_000);

/**
 * The package as a user gets it: `npm pack`, then `npm install <tarball>` into an empty folder
 * and the README's offline pipeline run from there. A file the code reads at run time but
 * package.json `files` leaves out fails here, not on a user's machine.
 */
describe('the installed package', () => {
  it('installs from its tarball and runs the offline pipeline outside the checkout', async () => {
    work = mkdtempSync(join(tmpdir(), 'agi-tracker-pack-'));
    // `npm test` has just built dist/; packing with scripts would rebuild it under the feet of
    // the other test files that spawn it.
    const packed = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT });
    const [pack] = JSON.parse(packed.stdout) as { filename: string }[];
    if (!pack) throw new Error('npm pack reported no tarball');
    const tarball = join(work, pack.filename);

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "pack-test", "private": true }\n');
    // --ignore-scripts: better-sqlite3 would compile from source (a minute of CPU); its
    // native module is not what is under test, so it comes from the checkout's install when
    // the versions agree, and is rebuilt otherwise.
    await run(npm, ['install', tarball, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: app,
      timeout: 240_000,
    });
    await provideSqliteBinding(app);

    const bin = join(app, 'node_modules/agi-tracker/bin/agi-tracker.js');
    for (const file of ['LICENSE', 'README.md'])
      expect(existsSync(join(app, 'node_modules/agi-tracker', file)), file).toBe(true);
    // The compile cache of this throwaway install goes with it (not into ~/.cache).
    const cache = join(work, 'compile-cache');
    const env = {
      ...process.env,
      NO_COLOR: '1',
      AGI_TRACKER_DB: '',
      OPENAI_API_KEY: '',
      AGI_TRACKER_COMPILE_CACHE: cache,
    };
    const cli = (args: string[]) => run(process.execPath, [bin, ...args], { cwd: app, env, timeout: 60_000 });

    const fetched = JSON.parse((await cli(['fetch', '--offline', '--json'])).stdout);
    expect(fetched.totals.new).toBeGreaterThan(0);
    const analyzed = JSON.parse((await cli(['analyze', '--provider', 'offline', '--json'])).stdout);
    expect(analyzed.analyzed).toBeGreaterThan(0);
    const snapshot = JSON.parse((await cli(['snapshot', '--json'])).stdout);
    expect(snapshot.presets.length).toBeGreaterThan(0);
    const digest = await cli(['digest', '--format', 'md']);
    expect(digest.stdout).toMatch(/^# /m);
    for (const args of [
      ['status', '--json'],
      ['budget', '--json'],
      ['sources', 'list', '--json'],
      ['config', 'check'],
    ]) {
      // status exits 1 when something is overdue; what matters is that it reads its data files.
      const res = await cli(args).catch((err: { code: number; stdout: string; stderr: string }) => err);
      expect(res.stderr, args.join(' ')).not.toMatch(/ENOENT|internal error/);
    }
    expect(existsSync(join(app, 'agi-tracker.db'))).toBe(true);
    expect(existsSync(cache), 'the compile cache works from the installed package').toBe(true);
  }, 300_000);
});

async function provideSqliteBinding(app: string): Promise<void> {
  const ours = join(ROOT, 'node_modules/better-sqlite3');
  const theirs = join(app, 'node_modules/better-sqlite3');
  const version = (dir: string) =>
    (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  if (version(ours) === version(theirs) && existsSync(join(ours, 'build/Release/better_sqlite3.node'))) {
    cpSync(join(ours, 'build/Release/better_sqlite3.node'), join(theirs, 'build/Release/better_sqlite3.node'));
    return;
  }
  await run(npm, ['rebuild', 'better-sqlite3'], { cwd: app, timeout: 240_000 });
}
