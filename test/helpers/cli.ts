import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/agi-tracker.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A fresh temp folder for one test's database and config. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'agi-tracker-test-'));
}

/** Test config: fast HTTP (no pacing wait, short timeouts, quick backoff) plus overrides. */
export function writeConfig(dir: string, config: Record<string, unknown>): string {
  const path = join(dir, 'agi-tracker.config.json');
  const http = {
    requestsPerMinutePerHost: 60_000,
    timeoutMs: 5000,
    retryBaseDelayMs: 10,
    ...(config.http as object),
  };
  writeFileSync(path, JSON.stringify({ ...config, http }, null, 2));
  return path;
}

export function spawnCli(args: string[], options: { cwd: string; env?: Record<string, string> }): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', AGI_TRACKER_DB: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the built CLI to completion in `cwd` (where agi-tracker.db and the config live). */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  const child = spawnCli(args, options);
  return collect(child);
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
