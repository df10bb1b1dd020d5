/**
 * How counts and readings read in every output (terminal, Markdown, HTML, logs): one place,
 * so no "1 orders of magnitude", "last 1 days", "event(s)" or "79.2 %" anywhere.
 */

/** Units that are plural English nouns, with their singular for a value of exactly 1. */
const SINGULAR: Record<string, string> = {
  days: 'day',
  hours: 'hour',
  minutes: 'minute',
  weeks: 'week',
  'orders of magnitude': 'order of magnitude',
};

/** A count and its noun in the right number: "1 event", "0 events", "2 C/D readings". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** A number as people read it: at most `digits` decimals and no float noise (28.999999999999996 → 29). */
export function plainNumber(n: number, digits = 4): string {
  const v = Number(n.toFixed(digits));
  return String(Object.is(v, -0) ? 0 : v);
}

/** A reading with its unit: "79.2%", "1 order of magnitude", "2.5 days", "5 GW", "1486.6 Elo". */
export function withUnit(value: number, unit: string, digits = 4): string {
  const v = plainNumber(value, digits);
  const u = unit.trim();
  if (u === '') return v;
  if (u === '%') return `${v}%`;
  return `${v} ${Number(v) === 1 ? (SINGULAR[u] ?? u) : u}`;
}
