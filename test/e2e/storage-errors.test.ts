import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

/** The one JSON error line a --json run printed last on stderr. */
function jsonError(stderr: string): { code: string; message: string } {
  return (JSON.parse(stderr.trim().split('\n').at(-1) ?? '') as { error: { code: string; message: string } }).error;
}

/** A database with the offline samples in it. */
async function sampleDb(): Promise<string> {
  const dir = tempDir();
  expect((await runCli(['fetch', '--offline'], { cwd: dir })).code).toBe(0);
  return dir;
}

/** Overwrites one leaf page of the events table: the file opens, reading those rows fails. */
function corruptEventsPage(path: string): void {
  const h = new Sqlite(path, { readonly: true });
  const pageSize = h.pragma('page_size', { simple: true }) as number;
  const pages = h
    .prepare("select pageno from dbstat where name = 'events' and pagetype = 'leaf' order by pageno desc")
    .pluck()
    .all() as number[];
  h.close();
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, ((pages[0] as number) - 1) * pageSize);
  closeSync(fd);
}

// tmpfs mounts for a read-only and a full disk: only where this process may mount (root on
// Linux); elsewhere those tests skip themselves.
const mounts: string[] = [];
function tryMount(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    mounts.push(dir);
    return true;
  } catch {
    return false;
  }
}
const canMount = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = join(tempDir(), 'probe');
  mkdirSync(probe);
  return tryMount(probe, 'size=64k');
})();
afterAll(() => {
  for (const dir of mounts.reverse()) {
    try {
      execFileSync('umount', [dir], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
});

describe('storage failures have their own codes, never "internal error"', () => {
  it('a corrupt database: reads fail with database-corrupt; status and backup say so, never exit 0', async () => {
    const dir = await sampleDb();
    const db = join(dir, 'agi-tracker.db');
    const good = join(dir, 'good-backup.db');
    expect((await runCli(['backup', good], { cwd: dir })).code).toBe(0);
    const before = readFileSync(good);
    corruptEventsPage(db);

    const list = await runCli(['events', 'list', '--json'], { cwd: dir });
    expect(list.code).toBe(1);
    expect(jsonError(list.stderr)).toMatchObject({
      code: 'database-corrupt',
      message: expect.stringMatching(/agi-tracker\.db is corrupt \(database disk image is malformed\)/),
    });

    const status = await runCli(['status', '--json'], { cwd: dir });
    expect(status.code).toBe(1);
    const report = JSON.parse(status.stdout);
    expect(report.database.corrupt).toMatch(/page/);
    expect(report.problems[0]).toMatch(/agi-tracker\.db is corrupt/);

    const backup = await runCli(['backup', good], { cwd: dir });
    expect(backup.code).toBe(1);
    expect(backup.stderr.trim()).toMatch(
      new RegExp(
        /^agi-tracker: database \S+agi-tracker\.db is corrupt \(.+\): /.source +
          /no backup was written, \S+good-backup\.db is unchanged/.source,
      ),
    );
    expect(readFileSync(good).equals(before)).toBe(true); // the last good backup survives
  });

  it('a file that is not a database: database-corrupt, exit 1', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'agi-tracker.db'), 'hello, I am a text file and not a database at all'.repeat(100));
    const res = await runCli(['events', 'list', '--json'], { cwd: dir });
    expect(res.code).toBe(1);
    expect(jsonError(res.stderr)).toMatchObject({
      code: 'database-corrupt',
      message: expect.stringMatching(/is corrupt \(file is not a database\)/),
    });
  });

  it('a read-only database: database-readonly, exit 1, with what to check', async (ctx) => {
    if (!canMount) return ctx.skip();
    const dir = await sampleDb();
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    expect(tryMount(ro, 'size=4m')).toBe(true);
    copyFileSync(join(dir, 'agi-tracker.db'), join(ro, 'a.db'));
    execFileSync('mount', ['-o', 'remount,ro', ro]);
    const res = await runCli(['fetch', '--offline', '--db', join(ro, 'a.db'), '--json'], { cwd: dir });
    expect(res.code).toBe(1);
    expect(jsonError(res.stderr)).toMatchObject({
      code: 'database-readonly',
      message: expect.stringMatching(/a\.db is read-only .*check permissions and the mount/),
    });
  });

  it('a full disk: disk-full, exit 1, and the run rolled back', async (ctx) => {
    if (!canMount) return ctx.skip();
    const dir = await sampleDb();
    const small = join(dir, 'small');
    mkdirSync(small);
    // Room for the sample database and its WAL's first pages, not for a thousand more events.
    expect(tryMount(small, 'size=400k')).toBe(true);
    const path = join(small, 'a.db');
    const emptied = new Sqlite(join(dir, 'agi-tracker.db'));
    emptied.exec('delete from events; vacuum'); // so the fetch has new items to store
    emptied.close();
    copyFileSync(join(dir, 'agi-tracker.db'), path);
    const h = new Sqlite(path);
    let res = { code: 0 as number | null, stderr: '' };
    try {
      // Fill the disk from a second connection until SQLite itself reports it full.
      h.exec('create table filler (x blob)');
      for (;;) h.prepare('insert into filler values (randomblob(8192))').run();
    } catch (err) {
      expect((err as { code: string }).code).toBe('SQLITE_FULL');
    } finally {
      h.close();
    }
    const events = () => {
      const r = new Sqlite(path, { readonly: true });
      const n = r.prepare('select count(*) from events').pluck().get();
      r.close();
      return n;
    };
    const before = events();
    res = await runCli(['fetch', '--offline', '--db', path, '--json'], { cwd: dir });
    expect(res.code).toBe(1);
    expect(jsonError(res.stderr)).toMatchObject({
      code: 'disk-full',
      message: expect.stringMatching(/the disk holding \S+a\.db is full/),
    });
    expect(events()).toBe(before); // nothing half-stored
    expect(before).toBe(0);
  });
});
