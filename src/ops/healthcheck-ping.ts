import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/logger.js';
import { NoticeAllowance } from './notice-allowance.js';
import { postNotice } from './post-notice.js';

const TIMEOUT_MS = 2000;
const RETRIES = 2;
const MAX_BODY = 9_000;

export type PingKind = 'start' | 'success' | 'fail';

/**
 * healthchecks.io pings for one job run: `<url>/start` when it begins, `<url>` on success,
 * `<url>/fail` on failure, each with `?rid=<uuid>` (so the service pairs start and end) and
 * a short text body. Short timeouts and two retries (none for `start`, so a slow start
 * leaves time for the ping that matters), all inside the run's NoticeAllowance shared with
 * alerts: a ping never fails the job, and pings and alerts together hold it up for a few
 * seconds at most, SIGTERM included. The URL is a secret: never logged.
 */
export class HealthcheckPinger {
  readonly rid = randomUUID();

  constructor(
    private readonly url: string,
    private readonly job: string,
    private readonly logger: Logger,
    private readonly allowance = new NoticeAllowance(),
  ) {}

  async ping(kind: PingKind, body = ''): Promise<void> {
    const base = this.url.replace(/\/+$/, '');
    const target = `${kind === 'success' ? base : `${base}/${kind}`}?rid=${this.rid}`;
    const post = {
      url: target,
      body: body.slice(0, MAX_BODY),
      contentType: 'text/plain; charset=utf-8',
      retries: kind === 'start' ? 0 : RETRIES,
      timeoutMs: TIMEOUT_MS,
      urlLabel: '[ping URL]',
    };
    const result = await postNotice(post, this.allowance);
    if (!result.ok)
      this.logger.warn(
        `healthcheck ping (${this.job} ${kind}) failed: ${result.reason.split(this.url).join('[ping URL]')}`,
      );
  }
}

/** The job's pinger, when config (or HEALTHCHECK_URL_<JOB>) gives it a ping URL. */
export function pingerFor(
  healthchecks: Record<string, string | null>,
  job: string,
  logger: Logger,
  allowance?: NoticeAllowance,
): HealthcheckPinger | null {
  const url = healthchecks[job];
  return url ? new HealthcheckPinger(url, job, logger, allowance) : null;
}
