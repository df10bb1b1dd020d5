import { CATEGORIES, type Signpost } from './catalogue.js';
import { knownUnits, unitProblem, unitRanges } from './units.js';

const CODE = /^[a-z][a-z0-9_]*$/;
const FIELDS = [
  'code',
  'name',
  'category',
  'metric',
  'unit',
  'direction',
  'baseline',
  'target',
  'firstClass',
  'monitorOnly',
] as const;

/**
 * Config `signposts`: a list of entries, each either a new signpost (every field) or an
 * override of a shipped one by code (any fields). Returns the effective catalogue.
 */
export function validateSignposts(value: unknown, shipped: Signpost[]): { signposts: Signpost[]; errors: string[] } {
  if (value === undefined) return { signposts: shipped, errors: [] };
  if (!Array.isArray(value)) return { signposts: shipped, errors: ['signposts must be an array of signpost objects'] };
  const errors: string[] = [];
  const byCode = new Map(shipped.map((s) => [s.code, { ...s }]));
  const seen = new Set<string>();
  value.forEach((entry, i) => {
    const at = `signposts[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      errors.push(`${at} must be an object`);
      return;
    }
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e))
      if (!(FIELDS as readonly string[]).includes(key)) errors.push(`unknown key "${at}.${key}"`);
    if (typeof e.code !== 'string' || !CODE.test(e.code)) {
      errors.push(`${at}.code must match ${CODE}`);
      return;
    }
    if (seen.has(e.code)) errors.push(`${at}.code "${e.code}" is listed twice`);
    seen.add(e.code);
    const base = byCode.get(e.code);
    const merged = { ...(base ?? {}), ...e } as Record<string, unknown>;
    const problems = fieldProblems(merged, base === undefined);
    for (const p of problems) errors.push(`${at} (${e.code}) ${p}`);
    if (problems.length === 0) byCode.set(e.code, merged as unknown as Signpost);
  });
  return { signposts: [...byCode.values()], errors };
}

function fieldProblems(s: Record<string, unknown>, isNew: boolean): string[] {
  const out: string[] = [];
  const missing = FIELDS.filter((f) => s[f] === undefined);
  if (isNew && missing.length) return [`is a new signpost and needs ${missing.join(', ')}`];
  for (const f of ['name', 'metric', 'unit'] as const)
    if (typeof s[f] !== 'string' || s[f] === '') out.push(`${f} must be a non-empty string`);
  // Every unit has a valid range (units.json): readings outside it never move the index.
  if (typeof s.unit === 'string' && s.unit !== '' && !unitRanges()[s.unit])
    out.push(
      `unit must be one of ${knownUnits()
        .map((u) => `"${u}"`)
        .join(', ')}`,
    );
  if (!(CATEGORIES as readonly unknown[]).includes(s.category))
    out.push(`category must be one of ${CATEGORIES.join(', ')}`);
  if (s.direction !== '>=' && s.direction !== '<=') out.push('direction must be ">=" or "<="');
  for (const f of ['firstClass', 'monitorOnly'] as const)
    if (typeof s[f] !== 'boolean') out.push(`${f} must be true or false`);
  for (const f of ['baseline', 'target'] as const) {
    const v = s[f];
    if (typeof v !== 'number' || !Number.isFinite(v)) out.push(`${f} must be a number`);
    else if (typeof s.unit === 'string' && unitRanges()[s.unit]) {
      const p = unitProblem(s.unit, v);
      if (p) out.push(`${f}: ${p}`);
    }
  }
  return out;
}
