import { Chalk, type ChalkInstance } from 'chalk';
import { statusLineOf } from '../core/status-line.js';

/** What a command needs of the terminal; commands never touch process.* directly. */
export interface Io {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  /** stdout is a terminal and colour is allowed (no NO_COLOR, no --json). */
  color: boolean;
  /** stderr is a terminal: progress may be drawn there. */
  progress: boolean;
  chalk: ChalkInstance;
  out(text: string): void;
  /**
   * Writes to stdout and waits when the pipe is full (large exports never pile up in memory).
   * Throws StdoutClosed once the reader has gone, so a streaming command stops early.
   */
  write(text: string): Promise<void>;
  err(text: string): void;
  /**
   * The one stderr line of a non-zero exit that is not an exception (a probe that found a
   * problem): `agi-tracker: message`, or `{"error": {"code", "message"}}` under --json.
   */
  error(code: string, message: string): void;
  /** A one-line progress note on stderr, redrawn in place; nothing when not a terminal. */
  status(text: string): void;
}

/** The reader of stdout went away (`| head -1`): not a failure, the command just ends. */
export class StdoutClosed extends Error {
  constructor() {
    super('stdout closed');
    this.name = 'StdoutClosed';
  }
}

let stdoutClosed = false;

/** How every error reads on stderr: one line, JSON under --json. */
export function errorLine(json: boolean, code: string, message: string): string {
  return json ? `${JSON.stringify({ error: { code, message } })}\n` : `agi-tracker: ${message}\n`;
}

/**
 * A reader that closes the pipe early must end the command quietly, not with Node's unhandled
 * EPIPE stack trace. Called once by the error boundary: after this, writes to a closed stdout
 * or stderr are dropped, and `write` throws StdoutClosed.
 */
export function guardStdio(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    stdoutClosed = true;
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED')
      process.stderr.write(`agi-tracker: stdout: ${err.message}\n`);
  });
  process.stderr.on('error', () => {
    // Nowhere left to report it: the logs are lost, the exit code still tells.
  });
}

export function isStdoutClosed(): boolean {
  return stdoutClosed || process.stdout.destroyed;
}

function writeOut(text: string): boolean {
  if (isStdoutClosed()) return true;
  return process.stdout.write(text);
}

/** Resolves on drain, or once the pipe is gone (then the next write throws StdoutClosed). */
function drained(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.stdout.off('drain', done);
      process.stdout.off('close', done);
      process.stdout.off('error', done);
      resolve();
    };
    process.stdout.once('drain', done);
    process.stdout.once('close', done);
    process.stdout.once('error', done);
  });
}

export function createIo(flags: { json?: boolean; quiet?: boolean; verbose?: boolean }, env = process.env): Io {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const color = Boolean(process.stdout.isTTY) && !noColor && !flags.json;
  const progress = Boolean(process.stderr.isTTY) && !noColor && !flags.quiet && !flags.json;
  // Shared with the logger and the error boundary: whatever else reaches stderr clears the note first.
  const line = statusLineOf(process.stderr);
  return {
    json: Boolean(flags.json),
    quiet: Boolean(flags.quiet),
    verbose: Boolean(flags.verbose),
    color,
    progress,
    chalk: new Chalk({ level: color ? 1 : 0 }),
    out: (text) => {
      writeOut(text.endsWith('\n') ? text : `${text}\n`);
    },
    write: async (text) => {
      if (isStdoutClosed()) throw new StdoutClosed();
      if (!writeOut(text)) await drained();
    },
    err: (text) => {
      if (!process.stderr.destroyed) line.print(text);
    },
    error: (code, message) => {
      if (!process.stderr.destroyed) line.print(errorLine(Boolean(flags.json), code, message));
    },
    status: (text) => {
      if (progress) line.draw(text);
    },
  };
}
