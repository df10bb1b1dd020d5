import type { PriceTable } from '../core/types.js';
import type { Source } from '../core/types.js';
import type { Presets } from '../signposts/presets.js';
import type { Signpost } from '../signposts/catalogue.js';

export interface HttpConfig {
  timeoutMs: number;
  retries: number;
  retryBaseDelayMs: number;
  requestsPerMinutePerHost: number;
  maxBodyBytes: number;
  maxRedirects: number;
  maxRetryAfterMs: number;
  /** Follow redirects to loopback, private and link-local addresses too (off: SSRF guard). */
  allowPrivateNetworks: boolean;
}

export interface LlmConfig {
  provider: 'auto' | 'openai' | 'offline';
  model: string;
  baseUrl: string | null;
  apiKey: string | null;
  maxOutputTokens: number;
  timeoutMs: number;
  retries: number;
  retryBaseDelayMs: number;
}

export interface BudgetConfig {
  dailyWarningUsd: number;
  hardLimitUsd: number;
  monthlyLimitUsd: number | null;
}

export interface Config {
  db: string;
  fetch: { limit: number; concurrency: number };
  http: HttpConfig;
  lock: { leaseMs: number };
  llm: LlmConfig;
  analyze: { maxEvents: number; concurrency: number };
  budget: BudgetConfig;
  /** Per-model prices (USD per 1M tokens) merged over the shipped table. */
  pricing: PriceTable;
  retention: { eventsDays: number; jobRunsDays: number; alertsDays: number; llmCallsDays: number };
  /** Alert channels besides the console (secrets). */
  alerts: { slackWebhookUrl: string | null; webhookUrl: string | null; digest: boolean };
  /** Per job, a healthchecks.io-style ping URL (a secret). */
  healthchecks: Record<'fetch' | 'analyze' | 'snapshot' | 'digest' | 'cleanup', string | null>;
  schedule: {
    fetchHours: number;
    analyzeHours: number;
    snapshotHours: number;
    digestHours: number;
    cleanupHours: number;
    sourceStaleDays: number;
  };
  /** The effective signpost catalogue: shipped, extended and overridden by config. */
  signposts: Signpost[];
  /** Index presets: shipped plus config's custom ones. */
  presets: Presets;
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
