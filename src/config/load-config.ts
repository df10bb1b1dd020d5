import { existsSync, readFileSync } from 'node:fs';
import { AppError, errorMessage } from '../core/errors.js';
import type { LoadedConfig, Origin } from './config.js';
import { configIssues, type KeySource } from './config-issues.js';
import { type DeclaredKey, declaredKeys } from './declared-keys.js';
import { configSchema } from './schema.js';

export const DEFAULT_CONFIG_FILE = './agi-tracker.config.json';

export interface LoadOptions {
  /** --config; when absent the default file is read only if it exists. */
  configPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Flags that override config, by dotted key (e.g. {"db": "x.db"}). */
  flags?: Record<string, unknown>;
}

/**
 * Defaults < config file < env < flags, validated by the one schema; every problem is named
 * by its key, with where the value came from.
 */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const file = options.configPath ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null);
  const fileValues = file ? readConfigFile(file) : {};
  // The file as written (so the schema sees its unknown keys), with env and flags laid over it.
  const input = structuredClone(fileValues);
  const origins: Record<string, Origin> = {};
  const sources = new Map<string, KeySource>();
  for (const declared of declaredKeys()) {
    const [value, origin] = pick(declared, fileValues, env, options.flags ?? {});
    origins[declared.key] = origin;
    sources.set(declared.key, { origin, secret: declared.info.secret === true, value });
    if (origin === 'env' || origin === 'flag') setPath(input, declared.path, value);
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const errors = configIssues(parsed.error.issues, { keySource: (key) => sources.get(key) });
    throw new AppError('config', `invalid config${file ? ` (${file})` : ''}: ${errors.join('; ')}`);
  }
  return { config: parsed.data, origins, file };
}

export function readConfigFile(path: string): Record<string, unknown> {
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
  if (!isPlainObject(parsed)) throw new AppError('config', `config file ${path} must hold a JSON object`);
  const depth = nestingDepth(parsed);
  // Our deepest key is 3 levels down; thousands would overflow the stack of every walk below.
  if (depth > MAX_DEPTH)
    throw new AppError(
      'config',
      `config file ${path} nests ${depth > 10_000 ? 'over 10,000' : depth} levels deep; ` +
        `at most ${MAX_DEPTH} are allowed`,
    );
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
  declared: DeclaredKey,
  fileValues: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  flags: Record<string, unknown>,
): [unknown, Origin] {
  if (flags[declared.key] !== undefined) return [flags[declared.key], 'flag'];
  const envValue = declared.info.env ? env[declared.info.env] : undefined;
  if (envValue !== undefined && envValue !== '') return [fromEnv(envValue, declared), 'env'];
  const fromFile = getPath(fileValues, declared.path);
  if (fromFile !== undefined) return [fromFile, 'file'];
  return [undefined, 'default'];
}

/** Environment variables are text: a number or boolean key reads them as one when they are. */
function fromEnv(value: string, declared: DeclaredKey): unknown {
  if (declared.kind === 'number' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (declared.kind === 'boolean' && /^(true|false)$/.test(value.trim())) return value.trim() === 'true';
  return value;
}

function getPath(obj: unknown, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const part of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Sets a value, creating missing sections; a section the file got wrong is left for its error. */
function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = obj;
  for (const part of path.slice(0, -1)) {
    cur[part] ??= {};
    const next = cur[part];
    if (!isPlainObject(next)) return;
    cur = next;
  }
  cur[path[path.length - 1] as string] = value;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Effective values with origins for `config check`, read off the same declaration; secrets redacted. */
export function describeConfig(loaded: LoadedConfig): { key: string; value: unknown; origin: Origin }[] {
  return declaredKeys().map(({ key, path, info }) => {
    const origin = loaded.origins[key] ?? 'default';
    const value = getPath(loaded.config, path);
    if (info.summary) return { key, value: info.summary(value as never, origin), origin };
    return { key, value: info.secret && value !== null && value !== undefined ? '[redacted]' : value, origin };
  });
}
