import {
  array,
  type core,
  optional,
  pipe,
  record,
  strictObject,
  string,
  superRefine,
  transform,
  unknown,
} from 'zod/mini';
import { redactDatabaseUrl } from '../core/database-url.js';
import type { PriceTable, Source } from '../core/types.js';
import { shippedPresets, validatePresets } from '../signposts/presets.js';
import { signpostCatalogue } from '../signposts/catalogue.js';
import { validateSignposts } from '../signposts/validate-signposts.js';
import type { Forecaster } from '../forecasts/forecast-types.js';
import { readConfigForecasts, unknownSignpostErrors } from '../forecasts/load-forecasts.js';
import {
  addIssue,
  apiKey,
  bool,
  emailAddress,
  httpUrl,
  int,
  key,
  oneOf,
  orNull,
  section,
  sender,
  smtpUrl,
  text,
  usd,
  withDefault,
} from './key.js';
import { sourcesSchema } from './validate-sources.js';
import { type Filters, validateFilters } from './validate-filters.js';

/**
 * Every config key, declared once: type, range, default, environment variable, secrecy.
 * The `Config` type is inferred from it, the loader reads file, env and flags by it, and
 * `config check` lists it. A key not declared here is an error, so a typo in
 * agi-tracker.config.json never passes silently.
 */

const pingUrl = (job: string) =>
  key(orNull(httpUrl()), { env: `HEALTHCHECK_URL_${job.toUpperCase()}`, secret: true, help: 'ping URL' });

const hoursBetween = (job: string, max: number, hours: number) =>
  key(withDefault(int(1, max), hours), { help: `expected hours between ${job} runs` });

const batchPrice = strictObject({ input: usd(), cachedInput: usd(), output: usd() });
const price = strictObject({ input: usd(), cachedInput: usd(), output: usd(), batch: optional(batchPrice) });

/** Per-model prices (USD per 1M tokens) merged over the shipped table. */
const priceTable = pipe(
  record(string(), unknown(), { error: 'must be an object of model → {input, cachedInput, output}' }),
  transform((table: Record<string, unknown>, ctx) => {
    const prices: PriceTable = {};
    for (const [model, value] of Object.entries(table)) {
      const parsed = price.safeParse(value);
      if (parsed.success) prices[model] = parsed.data;
      else
        addIssue(ctx, {
          path: [model],
          message:
            'needs input, cachedInput and output as USD per 1M tokens (0 or more), ' +
            'and optionally batch: {input, cachedInput, output}',
        });
    }
    return prices;
  }),
);
const pricing = pipe(
  optional(priceTable),
  transform((prices: PriceTable | undefined) => prices ?? {}),
);

/** Who gets the digest by email: their preset's index, events of their tier or better, HTML or text. */
const recipient = strictObject({
  to: emailAddress(),
  preset: withDefault(text(), 'equal'),
  minTier: withDefault(oneOf(['A', 'B', 'C', 'D']), 'B'),
  format: withDefault(oneOf(['html', 'text']), 'html'),
});

/** Issues another module's validator found, already worded with their key. */
function addWorded(ctx: core.ParsePayload, errors: string[]): void {
  for (const message of errors) addIssue(ctx, { message, params: { worded: true } });
}

export const configSchema = strictObject({
  db: key(withDefault(text(), './agi-tracker.db'), {
    env: 'AGI_TRACKER_DB',
    help: 'SQLite file path, or a postgres:// URL',
    // A PostgreSQL URL carries its password: `config check` shows it without.
    summary: (location: string) => redactDatabaseUrl(location),
  }),
  postgres: section({
    poolSize: key(withDefault(int(1, 100), 4), { help: 'connections per process' }),
    statementTimeoutMs: key(withDefault(int(0, 86_400_000), 60_000), { help: 'per statement; 0 for none' }),
    connectTimeoutMs: key(withDefault(int(100, 600_000), 10_000), { help: 'to open a connection' }),
  }),
  fetch: section({
    limit: key(withDefault(int(1, 100_000), 100), { help: 'newest items per source per run' }),
    concurrency: key(withDefault(int(1, 64), 4), { help: 'sources fetched at once' }),
  }),
  http: section({
    timeoutMs: key(withDefault(int(100, 600_000), 30_000), { help: 'per request' }),
    retries: key(withDefault(int(0, 10), 3), { help: 'retries on network errors, 5xx, 429' }),
    retryBaseDelayMs: key(withDefault(int(0, 60_000), 1000), { help: 'first backoff step' }),
    requestsPerMinutePerHost: key(withDefault(int(1, 100_000), 20), { help: 'pacing' }),
    maxBodyBytes: key(withDefault(int(1024), 10 * 1024 * 1024), { help: 'decompressed cap' }),
    maxRedirects: key(withDefault(int(0, 20), 5), { help: 'redirects followed' }),
    /** Follow redirects to loopback, private and link-local addresses too (off: SSRF guard). */
    allowPrivateNetworks: key(withDefault(bool(), false), {
      help: 'follow redirects to private, loopback, link-local addresses',
    }),
    maxRetryAfterMs: key(withDefault(int(0), 60_000), { help: 'longest Retry-After honoured' }),
  }),
  lock: section({
    leaseMs: key(withDefault(int(1000), 600_000), { help: 'job lock lease, renewed while running' }),
  }),
  llm: section({
    provider: key(withDefault(oneOf(['auto', 'openai', 'offline']), 'auto'), {
      help: 'auto: openai with a key, else offline',
    }),
    model: key(withDefault(text(), 'gpt-4o-mini'), { env: 'AGI_TRACKER_MODEL', help: 'chat model' }),
    baseUrl: key(orNull(httpUrl()), { env: 'OPENAI_BASE_URL', help: 'any OpenAI-compatible endpoint' }),
    apiKey: key(orNull(apiKey()), { env: 'OPENAI_API_KEY', secret: true, help: 'API key' }),
    maxOutputTokens: key(withDefault(int(50, 16_384), 400), { help: 'output cap per call' }),
    timeoutMs: key(withDefault(int(1000, 600_000), 60_000), { help: 'per call' }),
    retries: key(withDefault(int(0, 10), 3), { help: 'retries on 429, 5xx, network errors (unbilled)' }),
    retryBaseDelayMs: key(withDefault(int(0, 60_000), 1000), { help: 'first backoff step' }),
  }),
  analyze: section({
    maxEvents: key(withDefault(int(1, 1_000_000), 200), { help: 'events per run' }),
    concurrency: key(withDefault(int(1, 64), 4), { help: 'calls at once' }),
  }),
  budget: section({
    dailyWarningUsd: key(withDefault(usd(), 20), { env: 'LLM_BUDGET_DAILY_USD', help: 'warn once a day above' }),
    hardLimitUsd: key(withDefault(usd(), 50), { env: 'LLM_BUDGET_HARD_LIMIT_USD', help: 'no call past this a day' }),
    monthlyLimitUsd: key(orNull(usd()), { env: 'LLM_BUDGET_MONTHLY_USD', help: 'optional' }),
  }),
  schedule: section({
    fetchHours: hoursBetween('fetch', 10_000, 6),
    analyzeHours: hoursBetween('analyze', 10_000, 6),
    snapshotHours: hoursBetween('snapshot', 10_000, 24),
    digestHours: hoursBetween('digest', 100_000, 168),
    cleanupHours: hoursBetween('cleanup', 100_000, 168),
    sourceStaleDays: key(withDefault(int(1, 3650), 7), { help: 'a source silent longer is stale' }),
  }),
  /** Alert channels besides the console (secrets). */
  alerts: section({
    slackWebhookUrl: key(orNull(httpUrl()), { env: 'SLACK_WEBHOOK_URL', secret: true, help: 'Slack incoming webhook' }),
    webhookUrl: key(orNull(httpUrl()), { env: 'ALERT_WEBHOOK_URL', secret: true, help: 'generic JSON webhook' }),
    digest: key(withDefault(bool(), false), { help: 'send an info alert when a digest is finished' }),
    email: key(withDefault(bool(), false), { help: 'email alerts to every email.recipients address' }),
  }),
  /** SMTP delivery of the digest (`digest --email`) and, with alerts.email, of alerts. */
  email: section({
    smtpUrl: key(orNull(smtpUrl()), { env: 'SMTP_URL', secret: true, help: 'smtp(s)://user:pass@host:port' }),
    from: key(orNull(sender()), { help: 'the sender address' }),
    timeoutMs: key(withDefault(int(100, 120_000), 10_000), { help: 'per message: connect, greeting, each reply' }),
    recipients: key(withDefault(array(recipient, { error: 'must be a list of {to, preset, minTier, format}' }), []), {
      help: 'who gets the digest (and alerts)',
      summary: (list: unknown[]) => `${list.length} recipient${list.length === 1 ? '' : 's'}`,
    }),
  }),
  /** Where the static site and the feeds are published: their links and entry ids derive from it. */
  publish: section({
    baseUrl: key(withDefault(httpUrl(), 'http://localhost:8000/'), {
      env: 'AGI_TRACKER_BASE_URL',
      help: 'the URL the site is served at (feed links, self links, entry ids)',
    }),
  }),
  /** Per job, a healthchecks.io-style ping URL (a secret). */
  healthchecks: section({
    fetch: pingUrl('fetch'),
    analyze: pingUrl('analyze'),
    snapshot: pingUrl('snapshot'),
    digest: pingUrl('digest'),
    cleanup: pingUrl('cleanup'),
  }),
  review: section({
    by: key(orNull(text()), {
      env: 'AGI_TRACKER_REVIEWER',
      help: 'who records review decisions (--by overrides; else the OS user name)',
    }),
  }),
  retention: section({
    eventsDays: key(withDefault(int(1, 100_000), 730), { help: 'events (and their analyses) older are deleted' }),
    jobRunsDays: key(withDefault(int(1, 100_000), 90), { help: 'job_runs rows older are deleted' }),
    alertsDays: key(withDefault(int(1, 100_000), 90), { help: 'alerts rows older are deleted' }),
    llmCallsDays: key(withDefault(int(1, 100_000), 400), { help: 'llm_calls ledger rows older are deleted' }),
  }),
  pricing: key(pricing, {
    help: 'per-model prices over the shipped table',
    summary: (table: PriceTable) => (Object.keys(table).length ? Object.keys(table).join(', ') : 'shipped table'),
  }),
  /** The effective signpost catalogue: shipped, extended and overridden by config. */
  signposts: key(
    pipe(
      optional(unknown()),
      transform((value: unknown, ctx) => {
        const { signposts, errors } = validateSignposts(value, signpostCatalogue());
        addWorded(ctx, errors);
        return signposts;
      }),
    ),
    {
      help: 'signposts added to or overriding the shipped catalogue',
      summary: (list: unknown[], origin) => `${list.length}${origin === 'file' ? ' (shipped + config)' : ' shipped'}`,
    },
  ),
  /** Index presets: shipped plus config's custom ones. */
  presets: key(
    pipe(
      optional(unknown()),
      transform((value: unknown, ctx) => {
        const { presets, errors } = validatePresets(value, shippedPresets());
        addWorded(ctx, errors);
        return presets;
      }),
    ),
    {
      help: 'custom index presets besides the shipped ones',
      summary: (presets: object) => Object.keys(presets).join(', '),
    },
  ),
  /** Events held back from the model: include / exclude keywords or regexes, global and per source. */
  filters: key(
    pipe(
      optional(unknown()),
      transform((value: unknown, ctx) => {
        const { filters, errors } = validateFilters(value);
        addWorded(ctx, errors);
        return filters;
      }),
    ),
    {
      help: 'keywords or /regexes/ an event must (include) or must not (exclude) match to be sent to the model',
      summary: (f: Filters) => {
        const n = f.include.length + f.exclude.length;
        const per = Object.keys(f.sources);
        return n + per.length === 0 ? 'none' : `${n} global${per.length ? `; per source: ${per.join(', ')}` : ''}`;
      },
    },
  ),
  /** Forecasters besides the shipped ones (src/forecasts/data): file paths or inline objects. */
  forecasts: key(
    pipe(
      optional(unknown()),
      transform((value: unknown, ctx) => {
        const { forecasters, errors } = readConfigForecasts(value);
        addWorded(ctx, errors);
        return forecasters;
      }),
    ),
    {
      help: 'forecast files (paths) or inline forecasters, besides the shipped ones',
      summary: (list: Forecaster[]) =>
        list.length ? list.map((f) => f.forecaster).join(', ') : 'shipped forecasts only',
    },
  ),
  /** null: the built-in catalogue. A config file's list replaces it. */
  sources: key(
    pipe(
      optional(sourcesSchema),
      transform((sources: Source[] | undefined) => sources ?? null),
    ),
    {
      help: 'replaces the built-in source catalogue',
      summary: (sources: unknown[] | null) => (sources ? `${sources.length} from config` : 'built-in catalogue'),
    },
  ),
}).check(
  // Across keys: a config forecast must name a signpost of the effective catalogue (shipped + config).
  superRefine((config, ctx) => {
    const codes = new Set(config.signposts.map((s) => s.code));
    addWorded(ctx, unknownSignpostErrors(config.forecasts, codes));
  }),
);
