import { readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { validateSources } from '../config/validate-sources.js';
import type { Source } from '../core/types.js';

/** The built-in sources, kept as data (catalogue.json) rather than code. */
export function builtInCatalogue(): Source[] {
  const raw: unknown = JSON.parse(readFileSync(new URL('../../src/sources/catalogue.json', import.meta.url), 'utf8'));
  const { sources, errors } = validateSources(raw);
  if (errors.length > 0) throw new Error(`built-in catalogue is invalid: ${errors.join('; ')}`);
  return sources;
}

/** A config file's `sources` replace the catalogue entirely. */
export function effectiveSources(config: Config): Source[] {
  return config.sources ?? builtInCatalogue();
}
