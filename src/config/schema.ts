/**
 * Every config key, its default and its validator. A key not listed here is an error,
 * so a typo in agi-tracker.config.json never passes silently.
 */
export type Check = (value: unknown) => string | null;

const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? null
      : `must be a whole number from ${min} to ${max}`;

const text: Check = (v) =>
  typeof v === 'string' && v.length > 0 ? null : 'must be a non-empty string';

export interface ScalarKey {
  key: string;
  default: unknown;
  check: Check;
  env?: string;
  secret?: boolean;
  help: string;
}

export const scalarKeys: ScalarKey[] = [
  {
    key: 'db',
    default: './agi-tracker.db',
    check: text,
    env: 'AGI_TRACKER_DB',
    help: 'SQLite database path',
  },
  {
    key: 'fetch.limit',
    default: 100,
    check: int(1, 100_000),
    help: 'newest items per source per run',
  },
  { key: 'fetch.concurrency', default: 4, check: int(1, 64), help: 'sources fetched at once' },
  { key: 'http.timeoutMs', default: 30_000, check: int(100, 600_000), help: 'per request' },
  {
    key: 'http.retries',
    default: 3,
    check: int(0, 10),
    help: 'retries on network errors, 5xx, 429',
  },
  {
    key: 'http.retryBaseDelayMs',
    default: 1000,
    check: int(0, 60_000),
    help: 'first backoff step',
  },
  { key: 'http.requestsPerMinutePerHost', default: 20, check: int(1, 100_000), help: 'pacing' },
  {
    key: 'http.maxBodyBytes',
    default: 10 * 1024 * 1024,
    check: int(1024),
    help: 'decompressed cap',
  },
  { key: 'http.maxRedirects', default: 5, check: int(0, 20), help: 'redirects followed' },
  {
    key: 'http.maxRetryAfterMs',
    default: 60_000,
    check: int(0),
    help: 'longest Retry-After honoured',
  },
  {
    key: 'lock.leaseMs',
    default: 600_000,
    check: int(1000),
    help: 'job lock lease, renewed while running',
  },
];

export const sourceKinds = ['feed', 'arxiv'] as const;
export const tiers = ['A', 'B', 'C', 'D'] as const;
export const sourceFields = ['id', 'kind', 'url', 'category', 'tier', 'enabled'] as const;
