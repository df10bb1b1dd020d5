import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { freshPostgresUrl } from '../helpers/postgres.js';

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

describe('PostgreSQL failures a user can cause: one line, a stable code, never the password', () => {
  it('an unreachable server exits 75 (try again later) and names it without the password', async () => {
    const url = `postgres://agi:s3cret-pw@127.0.0.1:${await closedPort()}/agi`;
    const res = await runCli(['fetch', '--offline', '--json'], { cwd: tempDir(), env: { AGI_TRACKER_DB: url } });
    expect(res.code).toBe(75);
    const { error } = JSON.parse(res.stderr.trim().split('\n').at(-1) ?? '');
    expect(error.code).toBe('database-unreachable');
    expect(error.message).toContain('postgres://agi:***@127.0.0.1');
    expect(res.stderr + res.stdout).not.toContain('s3cret-pw');
  });

  it('a wrong password or database name exits 2 and says what to check', async () => {
    const good = new URL(await freshPostgresUrl());
    const wrong = new URL(good);
    wrong.password = 'not-the-password';
    const res = await runCli(['status'], { cwd: tempDir(), env: { AGI_TRACKER_DB: wrong.toString() } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/refused the connection .*check the user, password and database name/);
    expect(res.stderr).not.toContain('not-the-password');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    const noDb = new URL(good);
    noDb.pathname = '/no_such_database';
    expect((await runCli(['status'], { cwd: tempDir(), env: { AGI_TRACKER_DB: noDb.toString() } })).code).toBe(2);
  });

  it('config check shows a PostgreSQL URL from the config file or env without its password', async () => {
    const dir = tempDir();
    writeConfig(dir, {
      db: 'postgresql://team:hunter2@db.example:5432/agi?sslmode=require',
      postgres: { poolSize: 2 },
    });
    const res = await runCli(['config', 'check'], { cwd: dir });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('postgresql://team:***@db.example:5432/agi?sslmode=require');
    expect(res.stdout).not.toContain('hunter2');
    expect(res.stdout).toMatch(/postgres\.poolSize\s+2\s+file/);
  });

  it('a read-only command on an empty PostgreSQL database says there is no record yet', async () => {
    const url = await freshPostgresUrl();
    const res = await runCli(['events', 'list'], { cwd: tempDir(), env: { AGI_TRACKER_DB: url } });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/holds no agi-tracker record yet \(run `agi-tracker fetch`\)/);
  });
});
