/** Include / exclude patterns: a keyword (whole words, any case) or a regular expression `/…/flags`. */
export interface FilterRules {
  include: string[];
  exclude: string[];
}

/** Config `filters`: global rules, and rules per source id on top of them. */
export interface Filters extends FilterRules {
  sources: Record<string, FilterRules>;
}

export const NO_FILTERS: Filters = { include: [], exclude: [], sources: {} };

/** Long enough for any honest pattern; a longer one is likelier a mistake than a need. */
const MAX_PATTERN = 500;
const REGEX = /^\/(.+)\/([imsu]*)$/s;

/** A pattern as a RegExp: `/…/flags` as written, a keyword as whole words in any case. */
export function patternRegExp(pattern: string): RegExp {
  const regex = pattern.match(REGEX);
  if (regex) return new RegExp(regex[1] as string, regex[2]);
  const escaped = pattern.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // \b only where the keyword starts or ends with a word character ("C++" has none at its end).
  const start = /^\w/.test(pattern.trim()) ? '\\b' : '';
  const end = /\w$/.test(pattern.trim()) ? '\\b' : '';
  return new RegExp(`${start}${escaped.replace(/\s+/g, '\\s+')}${end}`, 'i');
}

/**
 * Config `filters`: `{"include": [...], "exclude": [...], "sources": {"<id>": {"include",
 * "exclude"}}}`, every entry a non-empty keyword or a `/regex/flags` that compiles.
 */
export function validateFilters(value: unknown): { filters: Filters; errors: string[] } {
  if (value === undefined) return { filters: NO_FILTERS, errors: [] };
  const errors: string[] = [];
  const rules = (raw: unknown, at: string, allowSources: boolean): FilterRules => {
    const out: FilterRules = { include: [], exclude: [] };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push(`${at} must be an object with "include" and/or "exclude" lists`);
      return out;
    }
    const o = raw as Record<string, unknown>;
    for (const key of Object.keys(o))
      if (key !== 'include' && key !== 'exclude' && !(allowSources && key === 'sources'))
        errors.push(`unknown key "${at}.${key}"`);
    for (const list of ['include', 'exclude'] as const) {
      const entries = o[list];
      if (entries === undefined) continue;
      if (!Array.isArray(entries)) {
        errors.push(`${at}.${list} must be an array of keywords or /regular expressions/`);
        continue;
      }
      entries.forEach((entry, i) => {
        const where = `${at}.${list}[${i}]`;
        if (typeof entry !== 'string' || entry.trim() === '' || entry.length > MAX_PATTERN) {
          errors.push(`${where} must be a keyword or /regular expression/ of 1 to ${MAX_PATTERN} characters`);
          return;
        }
        try {
          patternRegExp(entry);
          out[list].push(entry);
        } catch (err) {
          errors.push(`${where} is not a valid regular expression: ${(err as Error).message}`);
        }
      });
    }
    return out;
  };
  const top = rules(value, 'filters', true);
  const sources: Record<string, FilterRules> = {};
  const rawSources = (value as Record<string, unknown> | null)?.sources;
  if (rawSources !== undefined) {
    if (typeof rawSources !== 'object' || rawSources === null || Array.isArray(rawSources))
      errors.push('filters.sources must be an object of source id → {include, exclude}');
    else for (const [id, raw] of Object.entries(rawSources)) sources[id] = rules(raw, `filters.sources.${id}`, false);
  }
  return { filters: { ...top, sources }, errors };
}
