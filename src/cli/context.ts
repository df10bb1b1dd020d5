import type { LoadedConfig } from '../config/config.js';
import { type Clock, clockFromEnv } from '../core/clock.js';
import { createLogger, type Logger } from '../core/logger.js';
import { NoticeAllowance } from '../ops/notice-allowance.js';
import type { Database } from '../db/open-database.js';
import type { JobContext } from '../jobs/job-context.js';
import { createIo, type Io } from './io.js';

export interface GlobalFlags {
  db?: string;
  config?: string;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export interface CommandContext {
  io: Io;
  loaded: LoadedConfig;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  /** The time this run may spend on healthcheck pings and alerts, all of them together. */
  notices: NoticeAllowance;
  openDb(options?: { mustExist?: boolean }): Promise<Database>;
}

/**
 * Global flags → config, clock, logger, terminal; the database opens only when a command asks.
 * The config loader (and zod, the bulk of start-up) is imported here, when a command runs:
 * --help and --version never pay for it.
 */
export async function createContext(flags: GlobalFlags, signal: AbortSignal): Promise<CommandContext> {
  const io = createIo(flags);
  const clock = clockFromEnv();
  const { loadConfig } = await import('../config/load-config.js');
  const loaded = loadConfig({ configPath: flags.config, flags: { db: flags.db } });
  const logger = createLogger(flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal');
  return {
    io,
    loaded,
    clock,
    logger,
    signal,
    notices: new NoticeAllowance(undefined, signal),
    // Loaded on first use: --help and --version never pay for better-sqlite3 and kysely.
    openDb: async (options) =>
      (await import('../db/open-database.js')).openDatabase(loaded.config.db, {
        ...loaded.config.postgres,
        ...options,
      }),
  };
}

/** The part of the CLI context a job may see: everything but the terminal. */
export function jobContextOf(ctx: CommandContext): JobContext {
  return {
    config: ctx.loaded.config,
    clock: ctx.clock,
    logger: ctx.logger,
    signal: ctx.signal,
    notices: ctx.notices,
    openDb: ctx.openDb,
  };
}
