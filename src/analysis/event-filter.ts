import { createHash } from 'node:crypto';
import { type FilterRules, type Filters, patternRegExp } from '../config/validate-filters.js';

/** Why an event is held back from the model, or null when it may be sent. */
export type EventFilter = (event: { sourceId: string; title: string; summary: string }) => string | null;

interface Compiled {
  include: { pattern: string; re: RegExp }[];
  exclude: { pattern: string; re: RegExp }[];
}

const compile = (rules: FilterRules): Compiled => ({
  include: rules.include.map((pattern) => ({ pattern, re: patternRegExp(pattern) })),
  exclude: rules.exclude.map((pattern) => ({ pattern, re: patternRegExp(pattern) })),
});

/**
 * Config `filters` as one check over an event's title and summary. The global rules and the
 * event's source's rules are two gates, both to pass: an exclude of either holds it back, and
 * each non-empty include list needs one match. Null when there are no filters at all.
 */
export function eventFilter(filters: Filters): EventFilter | null {
  const global = compile(filters);
  const perSource = new Map(Object.entries(filters.sources).map(([id, rules]) => [id, compile(rules)]));
  const empty = (c: Compiled) => c.include.length + c.exclude.length === 0;
  if (empty(global) && [...perSource.values()].every(empty)) return null;
  return (event) => {
    const text = `${event.title}\n${event.summary}`;
    const gates: [string, Compiled][] = [['filters', global]];
    const own = perSource.get(event.sourceId);
    if (own) gates.push([`filters.sources.${event.sourceId}`, own]);
    for (const [at, gate] of gates) {
      const excluded = gate.exclude.find((x) => x.re.test(text));
      if (excluded) return `${at}.exclude matches ${JSON.stringify(excluded.pattern)}`;
      if (gate.include.length && !gate.include.some((x) => x.re.test(text)))
        return `${at}.include: none of ${gate.include.length} matches`;
    }
    return null;
  };
}

/** Identifies the filters an event was held back by: when they change, held-back events are checked again. */
export function filtersFingerprint(filters: Filters): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('hex').slice(0, 16);
}
