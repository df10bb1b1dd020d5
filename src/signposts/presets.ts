import { readShippedJson } from '../core/package-files.js';
import { roundTo } from '../core/rounding.js';
import { CATEGORIES, type Category } from './catalogue.js';

export type Weights = Record<Category, number>;
export type Presets = Record<string, Weights>;

const NAME = /^[a-z][a-z0-9_-]*$/;

/** The shipped presets (presets.json), equal first. */
export function shippedPresets(): Presets {
  return readShippedJson<Presets>('src/signposts/presets.json');
}

/**
 * Config `presets`: name → weights for the four categories, each in 0..1, summing to 1 ± 0.01.
 * A custom preset may reuse a shipped name to replace it. Returns shipped + custom.
 */
export function validatePresets(value: unknown, shipped: Presets): { presets: Presets; errors: string[] } {
  if (value === undefined) return { presets: shipped, errors: [] };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return {
      presets: shipped,
      errors: ['presets must be an object of name → {capabilities, agents, inputs, security}'],
    };
  const errors: string[] = [];
  const presets: Presets = { ...shipped };
  for (const [name, raw] of Object.entries(value)) {
    const at = `presets.${name}`;
    if (!NAME.test(name) || name === 'all') {
      errors.push(`${at}: a preset name must match ${NAME} and not be "all"`);
      continue;
    }
    const w = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
    const extra = Object.keys(w).filter((k) => !(CATEGORIES as readonly string[]).includes(k));
    const bad = CATEGORIES.filter((c) => typeof w[c] !== 'number' || (w[c] as number) < 0 || (w[c] as number) > 1);
    if (extra.length || bad.length) {
      errors.push(
        `${at} needs ${CATEGORIES.join(', ')} as weights from 0 to 1` +
          (extra.length ? ` (unknown: ${extra.join(', ')})` : ''),
      );
      continue;
    }
    const sum = CATEGORIES.reduce((n, c) => n + (w[c] as number), 0);
    if (Math.abs(sum - 1) > 0.01) {
      errors.push(`${at} weights sum to ${roundTo(sum, 3)}; they must sum to 1 (± 0.01)`);
      continue;
    }
    presets[name] = Object.fromEntries(CATEGORIES.map((c) => [c, w[c] as number])) as Weights;
  }
  return { presets, errors };
}
