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
  /** Writes to stdout and waits when the pipe is full (large exports never pile up in memory). */
  write(text: string): Promise<void>;
  err(text: string): void;
  /** A one-line progress note on stderr, redrawn in place; nothing when not a terminal. */
  status(text: string): void;
}

export function createIo(
  flags: { json?: boolean; quiet?: boolean; verbose?: boolean },
  env = process.env,
): Io {
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
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    write: (text) =>
      process.stdout.write(text) ? Promise.resolve() : new Promise((resolve) => process.stdout.once('drain', resolve)),
    err: (text) => line.print(text),
    status: (text) => {
      if (progress) line.draw(text);
    },
  };
}
