import type { Source } from '../core/types.js';
import { LEADERBOARD_ADAPTERS, leaderboardAdapter } from '../sources/leaderboards/index.js';
import { sourceFields, sourceKinds, tiers } from './schema.js';

const ID = /^[a-z0-9][a-z0-9:._-]*$/;

/** Validates a `sources` list (config file or catalogue); ids are unique, URLs http(s). */
export function validateSources(value: unknown): { sources: Source[]; errors: string[] } {
  const errors: string[] = [];
  if (!Array.isArray(value)) return { sources: [], errors: ['sources must be an array'] };
  const sources: Source[] = [];
  const seen = new Set<string>();
  value.forEach((entry, i) => {
    const at = `sources[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      errors.push(`${at} must be an object`);
      return;
    }
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!(sourceFields as readonly string[]).includes(key))
        errors.push(`unknown key "${at}.${key}"`);
    }
    const id = e.id;
    if (typeof id !== 'string' || !ID.test(id)) errors.push(`${at}.id must match ${ID}`);
    else if (seen.has(id)) errors.push(`${at}.id "${id}" is used twice`);
    else if (id.startsWith('sample:')) errors.push(`${at}.id "sample:" is reserved for --offline`);
    else seen.add(id);
    if (!(sourceKinds as readonly unknown[]).includes(e.kind))
      errors.push(`${at}.kind must be one of ${sourceKinds.join(', ')}`);
    if (!isHttpUrl(e.url)) errors.push(`${at}.url must be an http(s) URL`);
    if (typeof e.category !== 'string' || e.category === '')
      errors.push(`${at}.category must be a non-empty string`);
    if (!(tiers as readonly unknown[]).includes(e.tier))
      errors.push(`${at}.tier must be one of ${tiers.join(', ')}`);
    if (e.enabled !== undefined && typeof e.enabled !== 'boolean')
      errors.push(`${at}.enabled must be true or false`);
    if (e.kind === 'leaderboard' && !leaderboardAdapter(e.adapter as string | undefined))
      errors.push(`${at}.adapter must be one of ${LEADERBOARD_ADAPTERS.map((a) => a.id).join(', ')}`);
    if (e.kind !== 'leaderboard' && e.adapter !== undefined) errors.push(`${at}.adapter is only for kind "leaderboard"`);
    sources.push({
      id: String(id),
      kind: e.kind as Source['kind'],
      url: String(e.url),
      category: String(e.category),
      tier: e.tier as Source['tier'],
      enabled: e.enabled !== false,
      ...(typeof e.adapter === 'string' ? { adapter: e.adapter } : {}),
    });
  });
  return { sources, errors };
}

function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
