import { setTimeout as delay } from 'node:timers/promises';
import got, { type Got, RequestError } from 'got';
import type { HttpConfig } from '../config/config.js';
import { errorMessage } from '../core/errors.js';
import { isRetryableStatus, parseRetryAfter, type RetryPolicy, retryDecision } from '../core/retry-policy.js';
import { version } from '../core/version.js';
import { HostPacer } from './host-pacer.js';
import { HttpFailure } from './http-failure.js';
import { proxyAgentFor } from './proxy.js';
import { PrivateAddressError } from './public-only-lookup.js';
import { RedirectRefused, redirectGuard } from './redirect-guard.js';

export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | { status: 'not-modified' }
  | {
      status: 'ok';
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      finalUrl: string;
    };

/** No backoff step between feed requests is longer (a longer Retry-After is honoured up to http.maxRetryAfterMs). */
const MAX_BACKOFF_MS = 60_000;

/** One got instance for every source: timeouts, bounded retries, pacing, caps. */
export class HttpClient {
  private readonly got: Got;
  private readonly pacer: HostPacer;
  private readonly policy: RetryPolicy;

  constructor(private readonly config: HttpConfig) {
    this.pacer = new HostPacer(config.requestsPerMinutePerHost);
    this.policy = {
      retries: config.retries,
      baseDelayMs: config.retryBaseDelayMs,
      maxDelayMs: MAX_BACKOFF_MS,
      maxRetryAfterMs: config.maxRetryAfterMs,
    };
    this.got = got.extend({
      timeout: { request: config.timeoutMs },
      retry: { limit: 0 }, // our loop retries, so pacing and Retry-After apply to every attempt
      maxRedirects: config.maxRedirects,
      decompress: true,
      throwHttpErrors: false,
      headers: {
        'user-agent': `agi-tracker/${version()}`,
        accept: 'application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
      },
    });
  }

  /** GETs a URL with retries; throws HttpFailure (never anything else) when no body came. */
  async fetch(url: string, validators: Validators = {}, signal?: AbortSignal): Promise<FetchResult> {
    const host = new URL(url).hostname;
    for (let attempt = 0; ; attempt++) {
      await this.pacer.wait(host, signal);
      let outcome: Attempt;
      try {
        outcome = await this.once(url, validators, signal);
      } catch (err) {
        if (signal?.aborted) throw err;
        const decision = retryDecision(this.policy, attempt, { retryable: isRetryable(err) });
        if (!decision.retry) throw toFailure(err, this.config);
        await delay(decision.delayMs, undefined, { signal });
        continue;
      }
      const { statusCode } = outcome;
      if (statusCode === 304) return { status: 'not-modified' };
      if (statusCode >= 200 && statusCode < 300) {
        return {
          status: 'ok',
          body: outcome.body,
          contentType: header(outcome.headers['content-type']),
          etag: header(outcome.headers.etag),
          lastModified: header(outcome.headers['last-modified']),
          finalUrl: outcome.url,
        };
      }
      if (statusCode === 410) throw new HttpFailure('HTTP 410 Gone: the feed was removed', { gone: true });
      const retryAfterMs = parseRetryAfter(header(outcome.headers['retry-after']), Date.now());
      const decision = retryDecision(this.policy, attempt, { retryable: isRetryableStatus(statusCode), retryAfterMs });
      if (decision.retry) {
        await delay(decision.delayMs, undefined, { signal });
        continue;
      }
      if (decision.reason === 'retry-after-too-long') {
        throw new HttpFailure(
          `HTTP ${statusCode}: server asks to retry after ${Math.ceil(decision.retryAfterMs / 1000)} s`,
          { retryAt: new Date(Date.now() + decision.retryAfterMs) },
        );
      }
      if (decision.reason === 'exhausted') {
        throw new HttpFailure(`HTTP ${statusCode} after ${attempt + 1} attempt${attempt ? 's' : ''}`);
      }
      throw new HttpFailure(`HTTP ${statusCode}`);
    }
  }

  /** One request; the body cap is counted on the decompressed stream (got has none built in). */
  private once(url: string, validators: Validators, signal?: AbortSignal): Promise<Attempt> {
    const headers: Record<string, string> = {};
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    const cap = this.config.maxBodyBytes;
    // A signal of its own per request, linked to the run's and unlinked when done: got never
    // removes its listener from the signal it is given, and on the long-lived run signal each
    // one would keep a whole response (and its body) alive until the process ends.
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const unlink = () => signal?.removeEventListener('abort', onAbort);
    return new Promise<Attempt>((resolve, reject) => {
      const agent = proxyAgentFor(url);
      const stream = this.got.stream(url, {
        headers,
        signal: controller.signal,
        ...(agent ? { agent } : {}),
        hooks: { beforeRedirect: [redirectGuard(new URL(url), this.config.allowPrivateNetworks)] },
      });
      const chunks: Buffer[] = [];
      let size = 0;
      let meta: Omit<Attempt, 'body'> | null = null;
      stream.on('response', (res: { statusCode: number; headers: Attempt['headers']; url: string }) => {
        meta = { statusCode: res.statusCode, headers: res.headers, url: res.url };
      });
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > cap) {
          stream.destroy();
          reject(new BodyTooLarge(cap));
          return;
        }
        chunks.push(chunk);
      });
      stream.once('error', reject);
      stream.once('end', () => {
        if (!meta) return reject(new Error('no response'));
        resolve({ ...meta, body: Buffer.concat(chunks, size) });
      });
    }).finally(unlink);
  }
}

interface Attempt {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  url: string;
  body: Buffer;
}

class BodyTooLarge extends Error {
  constructor(cap: number) {
    super(`response body exceeds the ${cap}-byte cap`);
  }
}

function header(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function isRetryable(err: unknown): boolean {
  if (err instanceof BodyTooLarge || refusal(err)) return false;
  if (err instanceof RequestError) {
    return err.name !== 'MaxRedirectsError' && err.name !== 'UnsupportedProtocolError';
  }
  return true;
}

function toFailure(err: unknown, config: HttpConfig): HttpFailure {
  if (err instanceof HttpFailure) return err;
  if (err instanceof BodyTooLarge) return new HttpFailure(err.message);
  const refused = refusal(err);
  if (refused) return new HttpFailure(refused);
  if (err instanceof RequestError) {
    if (err.name === 'TimeoutError') return new HttpFailure(`timed out after ${config.timeoutMs} ms`);
    if (err.name === 'MaxRedirectsError') return new HttpFailure(`more than ${config.maxRedirects} redirects`);
    return new HttpFailure(`${err.code ? `${err.code}: ` : ''}${err.message}`);
  }
  return new HttpFailure(errorMessage(err));
}

/** The message of a redirect the SSRF policy refused (by URL or at connect time), else null. */
function refusal(err: unknown): string | null {
  const cause = err instanceof RequestError ? err.cause : err;
  if (cause instanceof RedirectRefused) return cause.message;
  if (cause instanceof PrivateAddressError && err instanceof RequestError) {
    return new RedirectRefused(err.options.url as URL, cause.message).message;
  }
  return null;
}
