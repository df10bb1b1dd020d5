import { randomUUID } from 'node:crypto';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { outboundFetch } from '../http/proxy.js';

const TIMEOUT_MS = 2000;
const RETRIES = 2;
const MAX_BODY = 9_000;

export type PingKind = 'start' | 'success' | 'fail';

/**
 * healthchecks.io pings for one job run: `<url>/start` when it begins, `<url>` on success,
 * `<url>/fail` on failure, each with `?rid=<uuid>` (so the service pairs start and end) and
 * a short text body. Short timeouts and two retries: a ping never fails the job and never
 * holds it up for more than a few seconds. The URL is a secret: never logged.
 */
export class HealthcheckPinger {
  readonly rid = randomUUID();

  constructor(
    private readonly url: string,
    private readonly job: string,
    private readonly logger: Logger,
  ) {}

  async ping(kind: PingKind, body = ''): Promise<void> {
    const base = this.url.replace(/\/+$/, '');
    const target = `${kind === 'success' ? base : `${base}/${kind}`}?rid=${this.rid}`;
    const fetch = await outboundFetch();
    for (let attempt = 0; attempt <= RETRIES; attempt++) {
      try {
        const res = await fetch(target, {
          method: 'POST',
          body: body.slice(0, MAX_BODY),
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await res.arrayBuffer();
        if (res.ok) return;
        if (res.status < 500 && res.status !== 429) break;
      } catch (err) {
        if (attempt === RETRIES) {
          this.logger.warn(`healthcheck ping (${this.job} ${kind}) failed: ${errorMessage(err).replace(this.url, '[ping URL]')}`);
          return;
        }
      }
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
    this.logger.warn(`healthcheck ping (${this.job} ${kind}) was refused`);
  }
}

/** The job's pinger, when config (or HEALTHCHECK_URL_<JOB>) gives it a ping URL. */
export function pingerFor(
  healthchecks: Record<string, string | null>,
  job: string,
  logger: Logger,
): HealthcheckPinger | null {
  const url = healthchecks[job];
  return url ? new HealthcheckPinger(url, job, logger) : null;
}
