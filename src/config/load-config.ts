import { existsSync, readFileSync } from 'node:fs';
import { AppError, errorMessage } from '../core/errors.js';
import type { Source } from '../core/types.js';
import type { Config, LoadedConfig, Origin } from './config.js';
import type { PriceTable } from '../core/types.js';
import { type ScalarKey, scalarKeys, structuredKeys } from './schema.js';
import { validateSources } from './validate-sources.js';
import { shippedPresets, validatePresets } from '../signposts/presets.js';
import { signpostCatalogue } from '../signposts/catalogue.js';
import { validateSignposts } from '../signposts/validate-signposts.js';

export const DEFAULT_CONFIG_FILE = './agi-tracker.config.json';

export interface LoadOptions {
  /** --config; when absent the default file is read only if it exists. */
  configPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Flags that override config, by dotted key (e.g. {"db": "x.db"}). */
  flags?: Record<string, unknown>;
}

/** Defaults < config file < env < flags, validated; every problem is named by its key. */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const file = options.configPath ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null);
  const fileValues = file ? readConfigFile(file) : {};
  const errors: string[] = [];
  const known = new Set(scalarKeys.map((k) => k.key));

  for (const key of flattenKeys(fileValues)) {
    const section = [...known].some((k) => k.startsWith(`${key}.`)); // an empty known section, e.g. "budget": {}
    if (!(structuredKeys as readonly string[]).includes(key) && !known.has(key) && !section) errors.push(`unknown key "${key}"`);
  }

  const values: Record<string, unknown> = {};
  const origins: Record<string, Origin> = {};
  for (const spec of scalarKeys) {
    const [value, origin] = pick(spec, fileValues, env, options.flags ?? {});
    const problem = spec.check(value);
    // A secret's value is never echoed, not even a wrong one.
    if (problem) errors.push(`${spec.key} ${problem} (from ${origin}${spec.secret ? '' : `, got ${JSON.stringify(value)}`})`);
    values[spec.key] = value;
    origins[spec.key] = origin;
  }

  let sources: Source[] | null = null;
  if ('sources' in fileValues) {
    const result = validateSources(fileValues.sources);
    errors.push(...result.errors);
    sources = result.sources;
    origins.sources = 'file';
  } else {
    origins.sources = 'default';
  }

  const pricing = validatePricing(fileValues.pricing, errors);
  origins.pricing = 'pricing' in fileValues ? 'file' : 'default';

  const { signposts, errors: signpostErrors } = validateSignposts(fileValues.signposts, signpostCatalogue());
  errors.push(...signpostErrors);
  origins.signposts = 'signposts' in fileValues ? 'file' : 'default';
  const { presets, errors: presetErrors } = validatePresets(fileValues.presets, shippedPresets());
  errors.push(...presetErrors);
  origins.presets = 'presets' in fileValues ? 'file' : 'default';

  if (errors.length > 0) {
    throw new AppError('config', `invalid config${file ? ` (${file})` : ''}: ${errors.join('; ')}`);
  }
  return { config: { ...assemble(values, sources, pricing), signposts, presets }, origins, file };
}

function validatePricing(value: unknown, errors: string[]): PriceTable {
  if (value === undefined) return {};
  if (!isPlainObject(value)) {
    errors.push('pricing must be an object of model → {input, cachedInput, output}');
    return {};
  }
  const table: PriceTable = {};
  for (const [model, price] of Object.entries(value)) {
    const p = isPlainObject(price) ? price : {};
    const fields = ['input', 'cachedInput', 'output'] as const;
    const bad = fields.filter((f) => typeof p[f] !== 'number' || !Number.isFinite(p[f]) || (p[f] as number) < 0);
    const extra = Object.keys(p).filter((k) => !(fields as readonly string[]).includes(k));
    if (bad.length || extra.length || !isPlainObject(price)) {
      errors.push(`pricing.${model} needs input, cachedInput and output as USD per 1M tokens (0 or more)`);
      continue;
    }
    table[model] = { input: p.input as number, cachedInput: p.cachedInput as number, output: p.output as number };
  }
  return table;
}

function readConfigFile(path: string): Record<string, unknown> {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError('config', `cannot read config file ${path}: ${errorMessage(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new AppError('config', `config file ${path} is not valid JSON: ${errorMessage(err)}`);
  }
  if (!isPlainObject(parsed))
    throw new AppError('config', `config file ${path} must hold a JSON object`);
  const depth = nestingDepth(parsed);
  // Our deepest key is 3 levels down; thousands would overflow the stack of every walk below.
  if (depth > MAX_DEPTH) throw new AppError('config', `config file ${path} nests ${depth > 10_000 ? 'over 10,000' : depth} levels deep; at most ${MAX_DEPTH} are allowed`);
  return parsed;
}

const MAX_DEPTH = 16;

/** How deeply objects and arrays nest, counted without recursion (so any depth is safe). */
function nestingDepth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    max = Math.max(max, depth);
    if (max > 10_000) return max;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return max;
}

function pick(
  spec: ScalarKey,
  fileValues: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  flags: Record<string, unknown>,
): [unknown, Origin] {
  if (flags[spec.key] !== undefined) return [flags[spec.key], 'flag'];
  const envValue = spec.env ? env[spec.env] : undefined;
  if (envValue !== undefined && envValue !== '') return [coerceEnv(envValue, spec), 'env'];
  const fromFile = getPath(fileValues, spec.key);
  if (fromFile !== undefined) return [fromFile, 'file'];
  return [spec.default, 'default'];
}

function coerceEnv(value: string, spec: ScalarKey): unknown {
  const numeric = typeof spec.default === 'number' || spec.numeric === true;
  if (numeric && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return value;
}

/** Dotted paths of every leaf (objects are walked, arrays and empty objects are leaves). */
function flattenKeys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const key = `${prefix}${k}`;
    const walk = isPlainObject(v) && Object.keys(v).length > 0 && !(structuredKeys as readonly string[]).includes(key);
    return walk ? flattenKeys(v, `${key}.`) : [key];
  });
}

function getPath(obj: Record<string, unknown>, key: string): unknown {
  let cur: unknown = obj;
  for (const part of key.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function assemble(v: Record<string, unknown>, sources: Source[] | null, pricing: PriceTable): Omit<Config, 'signposts' | 'presets'> {
  const n = (key: string) => v[key] as number;
  const str = (key: string) => v[key] as string | null;
  return {
    db: v.db as string,
    fetch: { limit: n('fetch.limit'), concurrency: n('fetch.concurrency') },
    http: {
      timeoutMs: n('http.timeoutMs'),
      retries: n('http.retries'),
      retryBaseDelayMs: n('http.retryBaseDelayMs'),
      requestsPerMinutePerHost: n('http.requestsPerMinutePerHost'),
      maxBodyBytes: n('http.maxBodyBytes'),
      maxRedirects: n('http.maxRedirects'),
      maxRetryAfterMs: n('http.maxRetryAfterMs'),
      allowPrivateNetworks: v['http.allowPrivateNetworks'] as boolean,
    },
    lock: { leaseMs: n('lock.leaseMs') },
    llm: {
      provider: v['llm.provider'] as Config['llm']['provider'],
      model: str('llm.model') as string,
      baseUrl: str('llm.baseUrl'),
      apiKey: str('llm.apiKey'),
      maxOutputTokens: n('llm.maxOutputTokens'),
      timeoutMs: n('llm.timeoutMs'),
      retries: n('llm.retries'),
      retryBaseDelayMs: n('llm.retryBaseDelayMs'),
    },
    analyze: { maxEvents: n('analyze.maxEvents'), concurrency: n('analyze.concurrency') },
    budget: {
      dailyWarningUsd: n('budget.dailyWarningUsd'),
      hardLimitUsd: n('budget.hardLimitUsd'),
      monthlyLimitUsd: v['budget.monthlyLimitUsd'] as number | null,
    },
    pricing,
    retention: {
      eventsDays: n('retention.eventsDays'),
      jobRunsDays: n('retention.jobRunsDays'),
      alertsDays: n('retention.alertsDays'),
      llmCallsDays: n('retention.llmCallsDays'),
    },
    alerts: { slackWebhookUrl: str('alerts.slackWebhookUrl'), webhookUrl: str('alerts.webhookUrl'), digest: v['alerts.digest'] as boolean },
    healthchecks: {
      fetch: str('healthchecks.fetch'),
      analyze: str('healthchecks.analyze'),
      snapshot: str('healthchecks.snapshot'),
      digest: str('healthchecks.digest'),
      cleanup: str('healthchecks.cleanup'),
    },
    schedule: {
      fetchHours: n('schedule.fetchHours'),
      analyzeHours: n('schedule.analyzeHours'),
      snapshotHours: n('schedule.snapshotHours'),
      digestHours: n('schedule.digestHours'),
      cleanupHours: n('schedule.cleanupHours'),
      sourceStaleDays: n('schedule.sourceStaleDays'),
    },
    sources,
  };
}

/** Effective values with origins for `config check`; secrets are redacted. */
export function describeConfig(
  loaded: LoadedConfig,
): { key: string; value: unknown; origin: Origin }[] {
  const rows = scalarKeys.map((spec) => ({
    key: spec.key,
    value: redact(spec, getPath(loaded.config as unknown as Record<string, unknown>, spec.key)),
    origin: loaded.origins[spec.key] ?? 'default',
  }));
  rows.push({
    key: 'pricing',
    value: Object.keys(loaded.config.pricing).length ? Object.keys(loaded.config.pricing).join(', ') : 'shipped table',
    origin: loaded.origins.pricing ?? 'default',
  });
  const customSignposts = loaded.origins.signposts === 'file';
  rows.push({ key: 'signposts', value: `${loaded.config.signposts.length}${customSignposts ? ' (shipped + config)' : ' shipped'}`, origin: loaded.origins.signposts ?? 'default' });
  rows.push({ key: 'presets', value: Object.keys(loaded.config.presets).join(', '), origin: loaded.origins.presets ?? 'default' });
  rows.push({
    key: 'sources',
    value: loaded.config.sources
      ? `${loaded.config.sources.length} from config`
      : 'built-in catalogue',
    origin: loaded.origins.sources ?? 'default',
  });
  return rows;
}

function redact(spec: ScalarKey, value: unknown): unknown {
  if (!spec.secret || value === null || value === undefined) return value;
  return '[redacted]';
}
