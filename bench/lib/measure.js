import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Linux counts CPU time in ticks of 1/100 s (`getconf CLK_TCK`). */
const TICK_MS = 10;

/**
 * Runs a command; wall time in ms, peak RSS in MB (VmHWM polled from /proc), exit code, stdout,
 * and `cpuMs`, its user + system CPU time as last polled from /proc (up to 10 ms short): on a
 * busy machine the wall time says as much about the neighbours as about the command.
 */
export function timed(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const { countOnly: _, ...spawnOptions } = options;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    let cpuTicks = 0;
    const poll = setInterval(() => {
      try {
        const m = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
        // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the ")" of the name.
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpuTicks = Math.max(cpuTicks, Number(fields[11]) + Number(fields[12]));
      } catch {
        // the process is gone
      }
    }, 10);
    // countOnly: stdout counted (bytes, lines) and dropped — an export of a million rows.
    let stdoutBytes = 0;
    let stdoutLines = 0;
    child.stdout.on('data', (d) => {
      if (!options.countOnly) stdout += d;
      stdoutBytes += d.length;
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) stdoutLines++;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ ms, cpuMs: cpuTicks * TICK_MS, peakMb: peakKb / 1024, code, stdout, stderr, stdoutBytes, stdoutLines });
    });
  });
}

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

export const fmt = (n, digits = 0) => n.toFixed(digits);
