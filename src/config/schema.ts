import { z } from 'zod';
import type { PriceTable } from '../core/types.js';
import { shippedPresets, validatePresets } from '../signposts/presets.js';
import { signpostCatalogue } from '../signposts/catalogue.js';
import { validateSignposts } from '../signposts/validate-signposts.js';
import { apiKey, bool, httpUrl, int, key, oneOf, section, text, usd } from './key.js';
import { sourcesSchema } from './validate-sources.js';

/**
 * Every config key, declared once: type, range, default, environment variable, secrecy.
 * The `Config` type is inferred from it, the loader reads file, env and flags by it, and
 * `config check` lists it. A key not declared here is an error, so a typo in
 * agi-tracker.config.json never passes silently.
 */

const pingUrl = (job: string) =>
  key(httpUrl().nullable().default(null), {
    env: `HEALTHCHECK_URL_${job.toUpperCase()}`,
    secret: true,
    help: 'ping URL',
  });

const hoursBetween = (job: string, max: number, hours: number) =>
  key(int(1, max).default(hours), { help: `expected hours between ${job} runs` });

const price = z.strictObject({ input: usd(), cachedInput: usd(), output: usd() });

/** Per-model prices (USD per 1M tokens) merged over the shipped table. */
const pricing = z
  .record(z.string(), z.unknown(), { error: 'must be an object of model → {input, cachedInput, output}' })
  .transform((table, ctx) => {
    const prices: PriceTable = {};
    for (const [model, value] of Object.entries(table)) {
      const parsed = price.safeParse(value);
      if (parsed.success) prices[model] = parsed.data;
      else
        ctx.addIssue({
          code: 'custom',
          path: [model],
          message: 'needs input, cachedInput and output as USD per 1M tokens (0 or more)',
        });
    }
    return prices;
  })
  .optional()
  .transform((prices) => prices ?? {});

/** Issues another module's validator found, already worded with their key. */
function addWorded(ctx: z.RefinementCtx, errors: string[]): void {
  for (const message of errors) ctx.addIssue({ code: 'custom', message, params: { worded: true } });
}

export const configSchema = z.strictObject({
  db: key(text().default('./agi-tracker.db'), { env: 'AGI_TRACKER_DB', help: 'SQLite database path' }),
  fetch: section({
    limit: key(int(1, 100_000).default(100), { help: 'newest items per source per run' }),
    concurrency: key(int(1, 64).default(4), { help: 'sources fetched at once' }),
  }),
  http: section({
    timeoutMs: key(int(100, 600_000).default(30_000), { help: 'per request' }),
    retries: key(int(0, 10).default(3), { help: 'retries on network errors, 5xx, 429' }),
    retryBaseDelayMs: key(int(0, 60_000).default(1000), { help: 'first backoff step' }),
    requestsPerMinutePerHost: key(int(1, 100_000).default(20), { help: 'pacing' }),
    maxBodyBytes: key(int(1024).default(10 * 1024 * 1024), { help: 'decompressed cap' }),
    maxRedirects: key(int(0, 20).default(5), { help: 'redirects followed' }),
    /** Follow redirects to loopback, private and link-local addresses too (off: SSRF guard). */
    allowPrivateNetworks: key(bool().default(false), {
      help: 'follow redirects to private, loopback, link-local addresses',
    }),
    maxRetryAfterMs: key(int(0).default(60_000), { help: 'longest Retry-After honoured' }),
  }),
  lock: section({
    leaseMs: key(int(1000).default(600_000), { help: 'job lock lease, renewed while running' }),
  }),
  llm: section({
    provider: key(oneOf(['auto', 'openai', 'offline']).default('auto'), {
      help: 'auto: openai with a key, else offline',
    }),
    model: key(text().default('gpt-4o-mini'), { env: 'AGI_TRACKER_MODEL', help: 'chat model' }),
    baseUrl: key(httpUrl().nullable().default(null), {
      env: 'OPENAI_BASE_URL',
      help: 'any OpenAI-compatible endpoint',
    }),
    apiKey: key(apiKey().nullable().default(null), { env: 'OPENAI_API_KEY', secret: true, help: 'API key' }),
    maxOutputTokens: key(int(50, 16_384).default(400), { help: 'output cap per call' }),
    timeoutMs: key(int(1000, 600_000).default(60_000), { help: 'per call' }),
    retries: key(int(0, 10).default(3), { help: 'retries on 429, 5xx, network errors (unbilled)' }),
    retryBaseDelayMs: key(int(0, 60_000).default(1000), { help: 'first backoff step' }),
  }),
  analyze: section({
    maxEvents: key(int(1, 1_000_000).default(200), { help: 'events per run' }),
    concurrency: key(int(1, 64).default(4), { help: 'calls at once' }),
  }),
  budget: section({
    dailyWarningUsd: key(usd().default(20), { env: 'LLM_BUDGET_DAILY_USD', help: 'warn once a day above' }),
    hardLimitUsd: key(usd().default(50), { env: 'LLM_BUDGET_HARD_LIMIT_USD', help: 'no call past this a day' }),
    monthlyLimitUsd: key(usd().nullable().default(null), { env: 'LLM_BUDGET_MONTHLY_USD', help: 'optional' }),
  }),
  schedule: section({
    fetchHours: hoursBetween('fetch', 10_000, 6),
    analyzeHours: hoursBetween('analyze', 10_000, 6),
    snapshotHours: hoursBetween('snapshot', 10_000, 24),
    digestHours: hoursBetween('digest', 100_000, 168),
    cleanupHours: hoursBetween('cleanup', 100_000, 168),
    sourceStaleDays: key(int(1, 3650).default(7), { help: 'a source silent longer is stale' }),
  }),
  /** Alert channels besides the console (secrets). */
  alerts: section({
    slackWebhookUrl: key(httpUrl().nullable().default(null), {
      env: 'SLACK_WEBHOOK_URL',
      secret: true,
      help: 'Slack incoming webhook',
    }),
    webhookUrl: key(httpUrl().nullable().default(null), {
      env: 'ALERT_WEBHOOK_URL',
      secret: true,
      help: 'generic JSON webhook',
    }),
    digest: key(bool().default(false), { help: 'send an info alert when a digest is finished' }),
  }),
  /** Per job, a healthchecks.io-style ping URL (a secret). */
  healthchecks: section({
    fetch: pingUrl('fetch'),
    analyze: pingUrl('analyze'),
    snapshot: pingUrl('snapshot'),
    digest: pingUrl('digest'),
    cleanup: pingUrl('cleanup'),
  }),
  retention: section({
    eventsDays: key(int(1, 100_000).default(730), { help: 'events (and their analyses) older are deleted' }),
    jobRunsDays: key(int(1, 100_000).default(90), { help: 'job_runs rows older are deleted' }),
    alertsDays: key(int(1, 100_000).default(90), { help: 'alerts rows older are deleted' }),
    llmCallsDays: key(int(1, 100_000).default(400), { help: 'llm_calls ledger rows older are deleted' }),
  }),
  pricing: key(pricing, {
    help: 'per-model prices over the shipped table',
    summary: (table: PriceTable) => (Object.keys(table).length ? Object.keys(table).join(', ') : 'shipped table'),
  }),
  /** The effective signpost catalogue: shipped, extended and overridden by config. */
  signposts: key(
    z
      .unknown()
      .optional()
      .transform((value, ctx) => {
        const { signposts, errors } = validateSignposts(value, signpostCatalogue());
        addWorded(ctx, errors);
        return signposts;
      }),
    {
      help: 'signposts added to or overriding the shipped catalogue',
      summary: (list: unknown[], origin) => `${list.length}${origin === 'file' ? ' (shipped + config)' : ' shipped'}`,
    },
  ),
  /** Index presets: shipped plus config's custom ones. */
  presets: key(
    z
      .unknown()
      .optional()
      .transform((value, ctx) => {
        const { presets, errors } = validatePresets(value, shippedPresets());
        addWorded(ctx, errors);
        return presets;
      }),
    {
      help: 'custom index presets besides the shipped ones',
      summary: (presets: object) => Object.keys(presets).join(', '),
    },
  ),
  /** null: the built-in catalogue. A config file's list replaces it. */
  sources: key(
    sourcesSchema.optional().transform((sources) => sources ?? null),
    {
      help: 'replaces the built-in source catalogue',
      summary: (sources: unknown[] | null) => (sources ? `${sources.length} from config` : 'built-in catalogue'),
    },
  ),
});
