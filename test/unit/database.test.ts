import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open-database.js';
import { preparedQuery } from '../../src/db/prepared-query.js';
import { startRun } from '../../src/db/repos/job-runs-repo.js';
import { listLocks } from '../../src/db/repos/locks-repo.js';
import { tempDir } from '../helpers/cli.js';

let open: Database | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function fresh(): Promise<{ db: Database; path: string }> {
  const path = join(tempDir(), 'agi-tracker.db');
  open = await openDatabase(path);
  return { db: open, path };
}

/** Edits the file behind the handle's back, as an operator with the sqlite3 shell would. */
function byHand(path: string, statement: string): void {
  const h = new Sqlite(path);
  h.exec(statement);
  h.close();
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe('database errors inside repos', () => {
  it('a broken rule is database-constraint, naming the file, not a raw driver error', async () => {
    const { db, path } = await fresh();
    byHand(path, `create trigger no_runs before insert on job_runs begin select raise(abort, 'no runs today'); end`);
    const err = await rejection(startRun(db, { job: 'fetch', startedAt: '2026-11-18T00:00:00Z', pid: 1, host: 'h' }));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'database-constraint', exitCode: 1 });
    expect((err as AppError).message).toContain(path);
    expect((err as AppError).message).toContain('no runs today');
  });

  it('a table dropped by hand is a database error with its words, never internal', async () => {
    const { db, path } = await fresh();
    byHand(path, 'drop table locks');
    const err = await rejection(listLocks(db));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'database' });
    expect((err as AppError).message).toMatch(/no such table: locks/);
  });
});

describe('writeTransaction', () => {
  it('rolls everything back when its function throws', async () => {
    const { db } = await fresh();
    const failed = db.writeTransaction(async (trx) => {
      await trx.insertInto('notices').values({ day: '2026-11-18', kind: 'k', at: 'now' }).execute();
      throw new Error('stop');
    });
    await expect(failed).rejects.toThrow('stop');
    expect(await db.db.selectFrom('notices').selectAll().execute()).toEqual([]);
  });

  it("serialises this process's own transactions: a read-then-write is never interleaved", async () => {
    const { db } = await fresh();
    await db.db.insertInto('notices').values({ day: 'counter', kind: 'n', at: '0' }).execute();
    const bump = () =>
      db.writeTransaction(async (trx) => {
        const row = await trx.selectFrom('notices').select('at').where('day', '=', 'counter').executeTakeFirstOrThrow();
        await new Promise((resolve) => setTimeout(resolve, 5)); // another bump would slip in here
        await trx
          .updateTable('notices')
          .set({ at: String(Number(row.at) + 1) })
          .where('day', '=', 'counter')
          .execute();
      });
    await Promise.all(Array.from({ length: 8 }, bump));
    expect(
      (await db.db.selectFrom('notices').select('at').where('day', '=', 'counter').executeTakeFirstOrThrow()).at,
    ).toBe('8');
  });
});

describe('preparedQuery', () => {
  it("compiles once and runs with each call's values", async () => {
    const { db } = await fresh();
    let builds = 0;
    const insert = preparedQuery((p: { day: string; kind: string; at: string }, k) => {
      builds++;
      return k
        .insertInto('notices')
        .values({ day: p.day, kind: p.kind, at: p.at })
        .onConflict((oc) => oc.doNothing());
    });
    const byDay = preparedQuery((p: { day: string }, k) =>
      k.selectFrom('notices').select(['kind', 'at']).where('day', '=', p.day).orderBy('kind'),
    );
    expect(Number((await insert(db.db, { day: 'd1', kind: 'a', at: 'x' })).numAffectedRows)).toBe(1);
    expect(Number((await insert(db.db, { day: 'd1', kind: 'b', at: "it's" })).numAffectedRows)).toBe(1);
    expect(Number((await insert(db.db, { day: 'd1', kind: 'a', at: 'again' })).numAffectedRows)).toBe(0);
    expect(builds).toBe(1);
    expect((await byDay(db.db, { day: 'd1' })).rows).toEqual([
      { kind: 'a', at: 'x' },
      { kind: 'b', at: "it's" },
    ]);
    expect((await byDay(db.db, { day: 'd2' })).rows).toEqual([]);
  });

  it('refuses a placeholder compiled into the SQL text, where it would run as its marker', async () => {
    const { db } = await fresh();
    const bad = preparedQuery((p: { column: string }, k) => k.selectFrom('notices').select(sql.ref(p.column).as('x')));
    await expect(bad(db.db, { column: 'day' })).rejects.toThrow(/did not compile to parameters/);
  });
});
