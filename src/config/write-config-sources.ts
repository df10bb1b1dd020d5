import { existsSync } from 'node:fs';
import { AppError } from '../core/errors.js';
import { writeFileAtomically } from '../core/output-file.js';
import type { Source } from '../core/types.js';
import { readConfigFile } from './load-config.js';
import { validateSources } from './validate-sources.js';

/** A source as a config file writes it: defaults left out (enabled unless false). */
export function sourceEntry(s: Source): Record<string, unknown> {
  return {
    id: s.id,
    kind: s.kind,
    url: s.url,
    category: s.category,
    tier: s.tier,
    ...(s.enabled ? {} : { enabled: false }),
    ...(s.adapter ? { adapter: s.adapter } : {}),
    ...(s.table ? { table: s.table } : {}),
    ...(s.note ? { note: s.note } : {}),
    ...(s.page ? { page: s.page } : {}),
  };
}

/**
 * Adds sources to a config file's `sources` list, keeping every other key as it is. A file
 * without that list gets `base` (the built-in catalogue) first, since a `sources` list replaces
 * the catalogue. The result is validated before anything is written, and written beside the
 * file then renamed over it: the file is the old one or the new one, never half of either.
 * Returns whether the catalogue was written in.
 */
export async function addConfigSources(path: string, added: Source[], base: Source[]): Promise<{ seeded: boolean }> {
  const raw = existsSync(path) ? readConfigFile(path) : {};
  const seeded = !Array.isArray(raw.sources);
  const entries = [...(seeded ? base.map(sourceEntry) : (raw.sources as unknown[])), ...added.map(sourceEntry)];
  const { errors } = validateSources(entries);
  if (errors.length > 0) throw new AppError('config', `the sources would not be valid: ${errors.join('; ')}`);
  await writeFileAtomically(path, `${JSON.stringify({ ...raw, sources: entries }, null, 2)}\n`);
  return { seeded };
}
