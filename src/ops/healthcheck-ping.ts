import { randomUUID } from 'node:crypto';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { outboundFetch } from '../http/proxy.js';
import { NoticeAllowance, NoticeTimeUp } from './notice-allowance.js';

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
    const fetch = await outboundFetch();
    const retries = kind === 'start' ? 0 : RETRIES;
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        const res = await this.allowance.attempt(TIMEOUT_MS, async (signal) => {
          const answer = await fetch(target, {
            method: 'POST',
            body: body.slice(0, MAX_BODY),
            headers: { 'content-type': 'text/plain; charset=utf-8' },
            signal,
          });
          await answer.arrayBuffer();
          return answer;
        });
        if (res.ok) return;
        if (res.status < 500 && res.status !== 429) break;
        if (attempt === retries) break;
      } catch (err) {
        if (attempt === retries || err instanceof NoticeTimeUp) {
          this.logger.warn(`healthcheck ping (${this.job} ${kind}) failed: ${errorMessage(err).replace(this.url, '[ping URL]')}`);
          return;
        }
      }
      if (!(await this.allowance.pause(200 * (attempt + 1)))) {
        this.logger.warn(`healthcheck ping (${this.job} ${kind}) failed: ${new NoticeTimeUp(this.allowance.totalMs).message}`);
        return;
      }
    }
    this.logger.warn(`healthcheck ping (${this.job} ${kind}) was refused`);
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
