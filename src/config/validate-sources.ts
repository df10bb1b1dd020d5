import { array, optional, pipe, regex, strictObject, string, transform, unknown } from 'zod/mini';
import type { Source } from '../core/types.js';
import { LEADERBOARD_ADAPTERS, leaderboardAdapter, tableOptionsProblem } from '../sources/leaderboards/index.js';
import { configIssues } from './config-issues.js';
import { addIssue, bool, httpUrl, oneOf, text } from './key.js';

export const sourceKinds = ['feed', 'arxiv', 'leaderboard', 'page'] as const;
export const tiers = ['A', 'B', 'C', 'D'] as const;

const ID = /^[a-z0-9][a-z0-9:._-]*$/;

/** A leaderboard's reading options (README: "Leaderboards"). */
const tableOptions = strictObject(
  {
    member: optional(text()),
    scoreColumn: optional(text()),
    scores: optional(oneOf(['fraction', 'percent'])),
    signposts: optional(array(text(), { error: 'must be a list of signpost codes' })),
    benchmark: optional(text()),
  },
  { error: (iss) => (iss.code === 'invalid_type' ? 'must be an object' : undefined) },
);

/** `selector`, `selector@attribute` or `@attribute`: a CSS selector is checked when the page is read. */
const SELECTOR = /^[^@]*(@[A-Za-z_:][-A-Za-z0-9_:.]*)?$/;
const selector = () =>
  text().check(regex(SELECTOR, { error: 'must be a CSS selector, optionally ending in @attribute' }));

/** A page source's selectors (README: "Page sources"). */
const pageSelectors = strictObject(
  {
    item: selector(),
    title: selector(),
    link: optional(selector()),
    date: optional(selector()),
    summary: optional(selector()),
  },
  { error: (iss) => (iss.code === 'invalid_type' ? 'must be an object' : undefined) },
);

const sourceEntry = strictObject(
  {
    id: string({ error: `must match ${ID}` }).check(regex(ID, { error: `must match ${ID}` })),
    kind: oneOf(sourceKinds),
    url: httpUrl(),
    category: text(),
    tier: oneOf(tiers),
    enabled: optional(bool()),
    adapter: optional(unknown()), // checked against the kind below
    table: optional(tableOptions),
    note: optional(text()),
    page: optional(pageSelectors),
  },
  { error: (iss) => (iss.code === 'invalid_type' ? 'must be an object' : undefined) },
);

/**
 * A `sources` list (config file or the built-in catalogue): each entry checked field by
 * field, then across entries (unique ids, `sample:` reserved, adapters only for leaderboards),
 * so one run names every problem at once.
 */
export const sourcesSchema = pipe(
  array(unknown(), { error: 'must be an array' }),
  transform((entries: unknown[], ctx): Source[] => {
    const sources: Source[] = [];
    const seen = new Set<string>();
    entries.forEach((raw, i) => {
      const entry = sourceEntry.safeParse(raw);
      if (!entry.success) for (const issue of entry.error.issues) addIssue(ctx, { ...issue, path: [i, ...issue.path] });
      const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const problem = (field: string, message: string) => addIssue(ctx, { path: [i, field], message });
      if (typeof e.id === 'string' && ID.test(e.id)) {
        if (seen.has(e.id)) problem('id', `"${e.id}" is used twice`);
        else if (e.id.startsWith('sample:')) problem('id', '"sample:" is reserved for --offline');
        else seen.add(e.id);
      }
      if (e.kind === 'leaderboard' && !leaderboardAdapter(e.adapter as string | undefined))
        problem('adapter', `must be one of ${LEADERBOARD_ADAPTERS.map((a) => a.id).join(', ')}`);
      if (e.kind !== 'leaderboard' && e.adapter !== undefined) problem('adapter', 'is only for kind "leaderboard"');
      if (e.kind !== 'leaderboard' && e.table !== undefined) problem('table', 'is only for kind "leaderboard"');
      if (e.kind === 'page' && e.page === undefined) problem('page', 'is required for kind "page" (item and title)');
      if (e.kind !== 'page' && e.page !== undefined) problem('page', 'is only for kind "page"');
      if (!entry.success) return;
      const { enabled, adapter, table, note, page, ...rest } = entry.data;
      const misfit =
        rest.kind === 'leaderboard' ? tableOptionsProblem({ ...rest, adapter: adapter as string, table }) : null;
      if (misfit) problem('table', misfit);
      sources.push({
        ...rest,
        enabled: enabled !== false,
        ...(typeof adapter === 'string' ? { adapter } : {}),
        ...(table ? { table } : {}),
        ...(note ? { note } : {}),
        ...(page ? { page } : {}),
      });
    });
    return sources;
  }),
);

/** The catalogue's check: the same schema, its problems worded as config errors. */
export function validateSources(value: unknown): { sources: Source[]; errors: string[] } {
  const parsed = sourcesSchema.safeParse(value);
  if (parsed.success) return { sources: parsed.data, errors: [] };
  return { sources: [], errors: configIssues(parsed.error.issues, { path: ['sources'] }) };
}
