// What every part of bench/postgres.js shares: running the CLI against either backend, making
// empty databases, seeding PostgreSQL from a SQLite record with `db copy`, and cheap clones.
import { copyFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import { freshDatabase, sql } from '../lib/postgres-server.js';
import { timed } from '../lib/measure.js';

export const BACKENDS = ['sqlite', 'postgres'];
const BIN = fileURLToPath(new URL('../../bin/agi-tracker.js', import.meta.url));

/** The backends in an order that alternates run by run, so the machine's drift hits both alike. */
export const backendsFor = (run) => (run % 2 ? [...BACKENDS].reverse() : BACKENDS);

export function makeHarness({ work, adminUrl, runs, log, statements = null }) {
  let files = 0;
  let migrated;
  /** Runs the CLI; a failing run is no figure at all, unless `allow` lists its exit code. */
  const run = async (args, { env = {}, allow = [0] } = {}) => {
    const before = statements?.();
    const res = await timed(process.execPath, [BIN, ...args], {
      cwd: work,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    if (!allow.includes(res.code)) throw new Error(`agi-tracker ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
    // With --statements: how many statements PostgreSQL ran meanwhile (exact when runs are sequential).
    if (statements) {
      await new Promise((resolve) => setTimeout(resolve, 200)); // the server's log trails a little
      res.statements = statements() - before;
    }
    return res;
  };
  const h = {
    work,
    runs,
    log,
    run,
    statements,
    /** The CLI against one database, with an optional config file. */
    cli: (db, args, { config, ...options } = {}) =>
      run(['--db', db, ...(config ? ['--config', config] : []), ...args], options),
    /** A new folder under the run's work dir for one part. */
    dir: (name) => {
      const dir = join(work, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    /** An empty database of the backend: a new SQLite path, or a new database on the server. */
    empty: async (backend) => (backend === 'sqlite' ? join(work, `db-${++files}.db`) : freshDatabase(adminUrl)),
    /** A new SQLite file, created and migrated by the CLI (once; copies after), for a part to fill directly. */
    migratedSqlite: async () => {
      if (!migrated) {
        migrated = await h.empty('sqlite');
        await h.cli(migrated, ['budget']);
      }
      return h.clone('sqlite', migrated);
    },
    /** `db copy` of a SQLite record into a new PostgreSQL database: its URL and the copy's wall time. */
    copyToPostgres: async (file) => {
      const url = await h.empty('postgres');
      const res = await run(['db', 'copy', '--from', file, '--to', url, '--json']);
      return { url, ms: res.ms };
    },
    /** A fresh copy of a seed record to run one command on (PostgreSQL: CREATE DATABASE … TEMPLATE). */
    clone: async (backend, seed) => {
      if (backend === 'sqlite') {
        const file = join(work, `db-${++files}.db`);
        copyFileSync(seed, file);
        return file;
      }
      return freshDatabase(adminUrl, 'clone', new URL(seed).pathname.slice(1));
    },
    /** One number from a query, on either backend (for checks the CLI does not print). */
    count: async (db, text) => {
      if (db.startsWith('postgres')) return Number((await sql(db, text))[0].n);
      const handle = new Sqlite(db, { readonly: true });
      try {
        return Number(handle.prepare(text).get().n);
      } finally {
        handle.close();
      }
    },
    /** The 1-, 5- and 15-minute load averages now (other people's work shares these cores). */
    load: () => loadavg().map((x) => Math.round(x * 100) / 100),
  };
  return h;
}
