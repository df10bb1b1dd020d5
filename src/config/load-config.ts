import { existsSync, readFileSync } from 'node:fs';
import { AppError, errorMessage } from '../core/errors.js';
import type { Source } from '../core/types.js';
import type { Config, LoadedConfig, Origin } from './config.js';
import { type ScalarKey, scalarKeys } from './schema.js';
import { validateSources } from './validate-sources.js';

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
    if (key !== 'sources' && !known.has(key)) errors.push(`unknown key "${key}"`);
  }

  const values: Record<string, unknown> = {};
  const origins: Record<string, Origin> = {};
  for (const spec of scalarKeys) {
    const [value, origin] = pick(spec, fileValues, env, options.flags ?? {});
    const problem = spec.check(value);
    if (problem)
      errors.push(`${spec.key} ${problem} (from ${origin}, got ${JSON.stringify(value)})`);
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

  if (errors.length > 0) {
    throw new AppError('config', `invalid config${file ? ` (${file})` : ''}: ${errors.join('; ')}`);
  }
  return { config: assemble(values, sources), origins, file };
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
  return parsed;
}

function pick(
  spec: ScalarKey,
  fileValues: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  flags: Record<string, unknown>,
): [unknown, Origin] {
  if (flags[spec.key] !== undefined) return [flags[spec.key], 'flag'];
  const envValue = spec.env ? env[spec.env] : undefined;
  if (envValue !== undefined && envValue !== '') return [coerceEnv(envValue, spec.default), 'env'];
  const fromFile = getPath(fileValues, spec.key);
  if (fromFile !== undefined) return [fromFile, 'file'];
  return [spec.default, 'default'];
}

function coerceEnv(value: string, like: unknown): unknown {
  if (typeof like === 'number' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return value;
}

/** Dotted paths of every leaf (objects are walked, arrays and empty objects are leaves). */
function flattenKeys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const key = `${prefix}${k}`;
    const walk = isPlainObject(v) && Object.keys(v).length > 0 && key !== 'sources';
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

function assemble(v: Record<string, unknown>, sources: Source[] | null): Config {
  const n = (key: string) => v[key] as number;
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
    },
    lock: { leaseMs: n('lock.leaseMs') },
    sources,
  };
}

/** Effective values with origins for `config check`; secrets (none yet) would be redacted here. */
export function describeConfig(
  loaded: LoadedConfig,
): { key: string; value: unknown; origin: Origin }[] {
  const rows = scalarKeys.map((spec) => ({
    key: spec.key,
    value: spec.secret
      ? '[redacted]'
      : getPath(loaded.config as unknown as Record<string, unknown>, spec.key),
    origin: loaded.origins[spec.key] ?? 'default',
  }));
  rows.push({
    key: 'sources',
    value: loaded.config.sources
      ? `${loaded.config.sources.length} from config`
      : 'built-in catalogue',
    origin: loaded.origins.sources ?? 'default',
  });
  return rows;
}
