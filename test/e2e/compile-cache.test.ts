import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * bin/compile-cache.js keeps V8's compiled code of the bundle between runs (bench/README.md,
 * "Cold start and the bundle"). It may only ever make a start faster: whatever is in the
 * folder, the command does what it did without it.
 */
describe('the compile cache', () => {
  const entries = (dir: string) => readdirSync(dir).sort();
  const setup = async () => {
    const dir = tempDir();
    expect((await runCli(['fetch', '--offline'], { cwd: dir })).code).toBe(0);
    const cache = join(tempDir(), 'cache');
    const run = (args: string[], setting = cache) =>
      runCli(args, { cwd: dir, env: { AGI_TRACKER_COMPILE_CACHE: setting, AGI_TRACKER_NOW: '2026-11-30T12:00:00Z' } });
    return { cache, run };
  };
  /** The one folder of this checkout's dist/ under this Node. */
  const folderOf = (cache: string) => {
    const [folder, ...more] = readdirSync(cache);
    expect(more).toEqual([]);
    expect(folder).toMatch(new RegExp(`^${process.version.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{8}$`));
    return join(cache, folder as string);
  };

  it('stores the chunks a command compiled, then starts from them without writing again', async () => {
    const { cache, run } = await setup();
    const uncached = await run(['events', 'list', '--limit', '3'], '0');
    const first = await run(['events', 'list', '--limit', '3']);
    expect(first).toEqual(uncached);
    const folder = folderOf(cache);
    const stored = entries(folder);
    expect(stored.some((f) => /^main\.js\.\d+\.\d+\.v8$/.test(f))).toBe(true);
    expect(stored.some((f) => /^events-\w+\.js\.\d+\.\d+\.v8$/.test(f))).toBe(true);
    expect(stored.some((f) => f.startsWith('budget-'))).toBe(false);
    const inodes = stored.map((f) => statSync(join(folder, f)).ino);

    // V8 accepted every entry: none was compiled again, so none was rewritten (a new inode).
    expect(await run(['events', 'list', '--limit', '3'])).toEqual(uncached);
    expect(entries(folder)).toEqual(stored);
    expect(stored.map((f) => statSync(join(folder, f)).ino)).toEqual(inodes);

    // Another command adds its own chunks, keeping the shared ones.
    expect((await run(['budget'])).code).toBe(0);
    expect(entries(folder).filter((f) => f.startsWith('budget-'))).toHaveLength(1);
    expect(entries(folder)).toEqual(expect.arrayContaining(stored));
  });

  it('compiles from source over entries V8 rejects, and rewrites them', async () => {
    const { cache, run } = await setup();
    const uncached = await run(['budget', '--json'], '0');
    expect((await run(['budget', '--json'])).stdout).toBe(uncached.stdout);
    const folder = folderOf(cache);
    const garbage = (size: number) => Buffer.alloc(size, 0x5a);
    for (const f of entries(folder)) {
      const size = statSync(join(folder, f)).size;
      // Half of them truncated, half the right length but garbage.
      writeFileSync(join(folder, f), f.length % 2 ? garbage(size) : garbage(Math.floor(size / 3)));
    }
    const again = await run(['budget', '--json']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(uncached.stdout);
    for (const f of entries(folder))
      expect(
        readFileSync(join(folder, f)).every((b) => b === 0x5a),
        f,
      ).toBe(false);
  });

  it('drops the entries of chunks this copy no longer has or has rebuilt, and abandoned writes', async () => {
    const { cache, run } = await setup();
    expect((await run(['budget'])).code).toBe(0);
    const folder = folderOf(cache);
    const stale = ['chunk-GONE1234.js.100.1000.v8', 'main.js.1.1.v8', 'main.js.2.2.v8.123.tmp'];
    for (const f of stale) writeFileSync(join(folder, f), 'old build');
    // A temporary file is left alone while a write may still be under way.
    const writing = join(folder, 'main.js.3.3.v8.456.tmp');
    writeFileSync(writing, 'being written');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(folder, 'main.js.2.2.v8.123.tmp'), hourAgo, hourAgo);
    // Something must be compiled for the folder to be written: a command not run yet.
    expect((await run(['events', 'list'])).code).toBe(0);
    for (const f of stale) expect(entries(folder)).not.toContain(f);
    expect(existsSync(writing)).toBe(true);
  });

  it('is off with AGI_TRACKER_COMPILE_CACHE=0, and a folder it cannot write changes nothing', async () => {
    const { cache, run } = await setup();
    const off = await run(['budget'], '0');
    expect(off.code).toBe(0);
    expect(() => readdirSync(cache)).toThrow();
    // A file where the folder should be: every write fails, silently.
    const blocked = join(tempDir(), 'a-file');
    writeFileSync(blocked, '');
    const res = await run(['budget'], blocked);
    expect({ code: res.code, stdout: res.stdout, stderr: res.stderr }).toEqual({
      code: 0,
      stdout: off.stdout,
      stderr: off.stderr,
    });
  });
});
