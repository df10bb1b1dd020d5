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

// An API key goes into an HTTP header: printable ASCII with no spaces. A pasted newline or
// space would make every request fail (and an error could quote it), so it is refused at load.
const apiKey: Check = (v) =>
  typeof v === 'string' && /^[\x21-\x7e]+$/.test(v) ? null : 'must be printable ASCII with no spaces, tabs or line breaks (check for a pasted newline)';

const bool: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const money: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'must be a number of USD, 0 or more');
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null ? null : check(v);
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? null : `must be one of ${values.join(', ')}`;
const httpUrl: Check = (v) => {
  if (typeof v !== 'string') return 'must be an http(s) URL';
  try {
    return /^https?:$/.test(new URL(v).protocol) ? null : 'must be an http(s) URL';
  } catch {
    return 'must be an http(s) URL';
  }
};

export interface ScalarKey {
  key: string;
  default: unknown;
  check: Check;
  env?: string;
  secret?: boolean;
  /** Read from the environment as a number even though the default is null. */
  numeric?: boolean;
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
    key: 'http.allowPrivateNetworks',
    default: false,
    check: bool,
    help: 'follow redirects to private, loopback, link-local addresses',
  },
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
  { key: 'llm.provider', default: 'auto', check: oneOf('auto', 'openai', 'offline'), help: 'auto: openai with a key, else offline' },
  { key: 'llm.model', default: 'gpt-4o-mini', check: text, env: 'AGI_TRACKER_MODEL', help: 'chat model' },
  { key: 'llm.baseUrl', default: null, check: nullable(httpUrl), env: 'OPENAI_BASE_URL', help: 'any OpenAI-compatible endpoint' },
  { key: 'llm.apiKey', default: null, check: nullable(apiKey), env: 'OPENAI_API_KEY', secret: true, help: 'API key' },
  { key: 'llm.maxOutputTokens', default: 400, check: int(50, 16_384), help: 'output cap per call' },
  { key: 'llm.timeoutMs', default: 60_000, check: int(1000, 600_000), help: 'per call' },
  { key: 'llm.retries', default: 3, check: int(0, 10), help: 'retries on 429, 5xx, network errors (unbilled)' },
  { key: 'llm.retryBaseDelayMs', default: 1000, check: int(0, 60_000), help: 'first backoff step' },
  { key: 'analyze.maxEvents', default: 200, check: int(1, 1_000_000), help: 'events per run' },
  { key: 'analyze.concurrency', default: 4, check: int(1, 64), help: 'calls at once' },
  { key: 'budget.dailyWarningUsd', default: 20, check: money, env: 'LLM_BUDGET_DAILY_USD', help: 'warn once a day above' },
  { key: 'budget.hardLimitUsd', default: 50, check: money, env: 'LLM_BUDGET_HARD_LIMIT_USD', help: 'no call past this a day' },
  {
    key: 'budget.monthlyLimitUsd',
    default: null,
    check: nullable(money),
    env: 'LLM_BUDGET_MONTHLY_USD',
    numeric: true,
    help: 'optional',
  },
  { key: 'schedule.fetchHours', default: 6, check: int(1, 10_000), help: 'expected hours between fetch runs' },
  { key: 'schedule.analyzeHours', default: 6, check: int(1, 10_000), help: 'expected hours between analyze runs' },
  { key: 'schedule.snapshotHours', default: 24, check: int(1, 10_000), help: 'expected hours between snapshot runs' },
  { key: 'schedule.digestHours', default: 168, check: int(1, 100_000), help: 'expected hours between digest runs' },
  { key: 'schedule.cleanupHours', default: 168, check: int(1, 100_000), help: 'expected hours between cleanup runs' },
  { key: 'schedule.sourceStaleDays', default: 7, check: int(1, 3650), help: 'a source silent longer is stale' },
  { key: 'alerts.slackWebhookUrl', default: null, check: nullable(httpUrl), env: 'SLACK_WEBHOOK_URL', secret: true, help: 'Slack incoming webhook' },
  { key: 'alerts.webhookUrl', default: null, check: nullable(httpUrl), env: 'ALERT_WEBHOOK_URL', secret: true, help: 'generic JSON webhook' },
  { key: 'alerts.digest', default: false, check: bool, help: 'send an info alert when a digest is finished' },
  { key: 'healthchecks.fetch', default: null, check: nullable(httpUrl), env: 'HEALTHCHECK_URL_FETCH', secret: true, help: 'ping URL' },
  { key: 'healthchecks.analyze', default: null, check: nullable(httpUrl), env: 'HEALTHCHECK_URL_ANALYZE', secret: true, help: 'ping URL' },
  { key: 'healthchecks.snapshot', default: null, check: nullable(httpUrl), env: 'HEALTHCHECK_URL_SNAPSHOT', secret: true, help: 'ping URL' },
  { key: 'healthchecks.digest', default: null, check: nullable(httpUrl), env: 'HEALTHCHECK_URL_DIGEST', secret: true, help: 'ping URL' },
  { key: 'healthchecks.cleanup', default: null, check: nullable(httpUrl), env: 'HEALTHCHECK_URL_CLEANUP', secret: true, help: 'ping URL' },
  { key: 'retention.eventsDays', default: 730, check: int(1, 100_000), help: 'events (and their analyses) older are deleted' },
  { key: 'retention.jobRunsDays', default: 90, check: int(1, 100_000), help: 'job_runs rows older are deleted' },
  { key: 'retention.alertsDays', default: 90, check: int(1, 100_000), help: 'alerts rows older are deleted' },
  { key: 'retention.llmCallsDays', default: 400, check: int(1, 100_000), help: 'llm_calls ledger rows older are deleted' },
];

/** Keys whose value is a whole object or list, validated on their own. */
export const structuredKeys = ['sources', 'pricing', 'signposts', 'presets'] as const;

export const sourceKinds = ['feed', 'arxiv', 'leaderboard'] as const;
export const tiers = ['A', 'B', 'C', 'D'] as const;
export const sourceFields = ['id', 'kind', 'url', 'category', 'tier', 'enabled', 'adapter'] as const;
