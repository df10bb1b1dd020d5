import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/open-database.js';
import type { NoticeAllowance } from '../ops/notice-allowance.js';

/**
 * What a job needs of the world, and nothing of the terminal: the CLI builds it from its own
 * context, tests build it around a temp database. Progress reaches the terminal only through
 * the job's own `onProgress` option.
 */
export interface JobContext {
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Aborted on SIGINT/SIGTERM: the job stops starting work and records `interrupted`. */
  signal: AbortSignal;
  /** The time this run may spend on healthcheck pings and alerts, all of them together. */
  notices: NoticeAllowance;
  openDb(options?: { mustExist?: boolean }): Promise<Database>;
}
