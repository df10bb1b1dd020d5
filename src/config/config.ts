import type { Source } from '../core/types.js';

export interface HttpConfig {
  timeoutMs: number;
  retries: number;
  retryBaseDelayMs: number;
  requestsPerMinutePerHost: number;
  maxBodyBytes: number;
  maxRedirects: number;
  maxRetryAfterMs: number;
}

export interface Config {
  db: string;
  fetch: { limit: number; concurrency: number };
  http: HttpConfig;
  lock: { leaseMs: number };
  /** null: the built-in catalogue. A config file's list replaces it. */
  sources: Source[] | null;
}

export type Origin = 'default' | 'file' | 'env' | 'flag';

export interface LoadedConfig {
  config: Config;
  /** Where each effective value came from, by dotted key. */
  origins: Record<string, Origin>;
  file: string | null;
}
