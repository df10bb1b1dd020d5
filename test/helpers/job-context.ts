import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { clockFromEnv } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { JobContext } from '../../src/jobs/job-context.js';
import { NoticeAllowance } from '../../src/ops/notice-allowance.js';

export interface TestJobContext extends JobContext {
  /** Every log line of the run a normal-level CLI run would print, `level: message` (no debug). */
  logs: string[];
  /** Aborts the run as SIGINT/SIGTERM would. */
  abort(reason?: 'SIGINT' | 'SIGTERM'): void;
}

/**
 * A job context for calling jobs in-process, as the CLI would run them in `dir`: the config
 * file written there (writeConfig), the database `agi-tracker.db` there, and only the env
 * given (never the runner's OPENAI_API_KEY). `AGI_TRACKER_NOW` in env pins the clock.
 */
export function jobContext(dir: string, env: Record<string, string> = {}): TestJobContext {
  const configPath = join(dir, 'agi-tracker.config.json');
  const { config } = loadConfig({
    configPath: existsSync(configPath) ? configPath : undefined,
    env,
    flags: { db: join(dir, 'agi-tracker.db') },
  });
  const controller = new AbortController();
  const logs: string[] = [];
  const log = (level: string) => (message: string) => {
    logs.push(`${level}: ${message}`);
  };
  const logger: Logger = { error: log('error'), warn: log('warn'), info: log('info'), debug: () => {} };
  return {
    config,
    clock: clockFromEnv(env),
    logger,
    signal: controller.signal,
    notices: new NoticeAllowance(undefined, controller.signal),
    openDb: (options) => openDatabase(config.db, options),
    logs,
    abort: (reason = 'SIGINT') => controller.abort(reason),
  };
}

/** The stored events as `events list --json` shows them, newest first. */
export async function storedEvents(ctx: JobContext, options: { source?: string } = {}) {
  const { listEvents } = await import('../../src/db/repos/events-repo.js');
  const { eventJson } = await import('../../src/ops/export-events.js');
  const db = await ctx.openDb({ mustExist: true });
  try {
    return (await listEvents(db, { sourceId: options.source, limit: 100_000 })).map(eventJson);
  } finally {
    await db.close();
  }
}
