import {
  array,
  boolean,
  type core,
  enum as zEnum,
  gte,
  lte,
  minLength,
  number,
  optional,
  refine,
  regex,
  strictObject,
  string,
} from 'zod/mini';
import { isDayString } from '../core/calendar.js';
import type { Forecaster } from './forecast-types.js';

// The shape of a forecast file (src/forecasts/data/*.json, or a config `forecasts` entry),
// checked with zod/mini like the config; the rules between fields are checked after it.

const ID = /^[a-z0-9][a-z0-9_-]*$/;
const id = () => string({ error: 'must be a string' }).check(regex(ID, { error: `must match ${ID}` }));
const text = () =>
  string({ error: 'must be a non-empty string' }).check(minLength(1, { error: 'must be a non-empty string' }));
const day = () =>
  string({ error: 'must be a date as YYYY-MM-DD' }).check(
    refine(isDayString, { error: 'must be a real day as YYYY-MM-DD' }),
  );
const share = (what: string) => {
  const error = `must be a ${what} from 0 to 1`;
  return number({ error }).check(gte(0, { error }), lte(1, { error }));
};
const httpUrl = () =>
  string({ error: 'must be an http(s) URL' }).check(refine(isHttpUrl, { error: 'must be an http(s) URL' }));

const publication = strictObject({ id: id(), title: text(), url: httpUrl(), published: day() });

const forecast = strictObject({
  id: id(),
  signpost: text(),
  kind: zEnum(['date', 'median', 'probability'], { error: 'must be one of date, median, probability' }),
  date: day(),
  low: optional(day()),
  high: optional(day()),
  interval: optional(share('coverage')),
  probability: optional(share('probability')),
  made: day(),
  publication: id(),
  quote: optional(text()),
  provisional: optional(boolean({ error: 'must be true or false' })),
  note: optional(text()),
});

const forecasterShape = strictObject(
  {
    forecaster: id(),
    name: text(),
    publications: array(publication, { error: 'must be a list of publications' }).check(
      minLength(1, { error: 'must name at least one publication' }),
    ),
    forecasts: array(forecast, { error: 'must be a list of forecasts' }),
  },
  {
    error: (iss) =>
      iss.code === 'invalid_type' ? 'must be an object {forecaster, name, publications, forecasts}' : undefined,
  },
);

/**
 * One forecaster's file, checked: its shape, then what ties fields together (a median's
 * interval around its date, a probability only on probability forecasts, publications that
 * exist, ids used once). Every problem is one line naming where it is (`forecasts[2].date`).
 */
export function parseForecaster(value: unknown): { forecaster: Forecaster | null; errors: string[] } {
  const parsed = forecasterShape.safeParse(value);
  if (!parsed.success) return { forecaster: null, errors: shapeErrors(parsed.error.issues) };
  const f = parsed.data;
  const errors: string[] = [];
  const publications = new Set<string>();
  f.publications.forEach((p, i) => {
    if (publications.has(p.id)) errors.push(`publications[${i}].id "${p.id}" is listed twice`);
    publications.add(p.id);
  });
  const ids = new Set<string>();
  f.forecasts.forEach((x, i) => {
    const at = `forecasts[${i}] (${x.id})`;
    if (ids.has(x.id)) errors.push(`${at}.id is listed twice`);
    ids.add(x.id);
    if (!publications.has(x.publication)) errors.push(`${at}.publication "${x.publication}" is not in publications`);
    if (x.kind === 'probability' && x.probability === undefined)
      errors.push(`${at} is a probability and needs probability`);
    if (x.kind !== 'probability' && x.probability !== undefined)
      errors.push(`${at}.probability is for probability forecasts`);
    const ranged = x.low !== undefined || x.high !== undefined || x.interval !== undefined;
    if (x.kind !== 'median' && ranged) errors.push(`${at}: low, high and interval are for median forecasts`);
    if (x.kind === 'median' && ranged && (x.low === undefined || x.high === undefined || x.interval === undefined))
      errors.push(`${at}: an interval needs low, high and interval together`);
    if (x.low !== undefined && x.high !== undefined && !(x.low <= x.date && x.date <= x.high))
      errors.push(`${at}: low ≤ date ≤ high does not hold (${x.low}, ${x.date}, ${x.high})`);
    if (x.made > x.date) errors.push(`${at}.made ${x.made} is after its date ${x.date}`);
  });
  if (errors.length) return { forecaster: null, errors };
  return {
    forecaster: { ...f, forecasts: f.forecasts.map((x) => ({ ...x, provisional: x.provisional ?? false })) },
    errors,
  };
}

/** zod issues as `forecasts[0].date must be a real day as YYYY-MM-DD`, unknown keys named. */
function shapeErrors(issues: readonly core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const where = dotted(issue.path);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((k) => `unknown key "${dotted([...issue.path, k])}"`).join(', ');
    return where ? `${where} ${issue.message}` : issue.message;
  });
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

function isHttpUrl(v: string): boolean {
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
}
