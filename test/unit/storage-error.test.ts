import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { storageError } from '../../src/core/storage-error.js';
import { tempDir } from '../helpers/cli.js';

/** The error a real better-sqlite3 call throws. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('storageError maps what SQLite throws to stable codes', () => {
  const path = join(tempDir(), 'x.db');
  const writer = new Sqlite(path);
  writer.exec('create table t (id integer primary key, v text not null unique)');
  writer.prepare("insert into t (v) values ('a')").run();

  it('read-only: database-readonly, exit 1', () => {
    const ro = new Sqlite(path, { readonly: true });
    const err = storageError(
      thrownBy(() => ro.prepare("insert into t (v) values ('b')").run()),
      { path },
    );
    ro.close();
    expect(err).toMatchObject({ code: 'database-readonly', exitCode: 1 });
    expect(err?.message).toMatch(/x\.db is read-only \(attempt to write a readonly database\)/);
  });

  it('a broken rule: database-constraint, exit 1', () => {
    const err = storageError(
      thrownBy(() => writer.prepare("insert into t (v) values ('a')").run()),
      { path },
    );
    expect(err).toMatchObject({ code: 'database-constraint', exitCode: 1 });
  });

  it('busy past the timeout: database-busy, exit 75 (try again later)', () => {
    const other = new Sqlite(path, { timeout: 0 });
    writer.exec('begin immediate');
    try {
      const err = storageError(
        thrownBy(() => other.prepare("insert into t (v) values ('c')").run()),
        { path },
      );
      expect(err).toMatchObject({ code: 'database-busy', exitCode: 75 });
    } finally {
      writer.exec('rollback');
      other.close();
    }
  });

  it('a full disk reported by Node (ENOSPC) is disk-full too; anything else is not a storage error', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(storageError(enospc, { path })).toMatchObject({
      code: 'disk-full',
      message: expect.stringMatching(/^the disk holding \S+x\.db is full \(no space left on device, write\)/),
    });
    expect(storageError(new Error('boom'))).toBeNull();
    expect(storageError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBeNull();
  });
});
