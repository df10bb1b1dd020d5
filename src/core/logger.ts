import { type LineStream, statusLineOf } from './status-line.js';

export type LogLevel = 'quiet' | 'normal' | 'verbose';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/**
 * Logs go to stderr; timestamped when stderr is not a terminal (cron mail, CI logs). On a
 * terminal each message is written above the progress note, never glued to its end.
 */
export function createLogger(
  level: LogLevel,
  stream: LineStream = process.stderr,
  now: () => Date = () => new Date(),
): Logger {
  const stamp = !stream.isTTY;
  const line = statusLineOf(stream);
  const write = (tag: string, message: string) => {
    const prefix = stamp ? `${now().toISOString()} ${tag} ` : tag === 'info' ? '' : `${tag}: `;
    line.print(`${prefix}${message}\n`);
  };
  return {
    error: (m) => write('error', m),
    warn: (m) => level !== 'quiet' && write('warn', m),
    info: (m) => level !== 'quiet' && write('info', m),
    debug: (m) => level === 'verbose' && write('debug', m),
  };
}
