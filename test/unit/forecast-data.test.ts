import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forecastFiles } from '../../src/forecasts/data/index.js';
import { signpostCatalogue } from '../../src/signposts/catalogue.js';

/**
 * The shipped forecast files (src/forecasts/data/*.json), checked with plain code rather than
 * the engine's validator, so that the data and the engine are each held to the file shape on
 * their own: the shape, ids unique across files, signpost codes from the catalogue, publications
 * that resolve, real ISO dates in order, probabilities in 0..1.
 */

const DIR = fileURLToPath(new URL('../../src/forecasts/data/', import.meta.url));
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KINDS = ['date', 'median', 'probability'];
const FILE_KEYS = ['forecaster', 'name', 'publications', 'forecasts'];
const PUBLICATION_KEYS = ['id', 'title', 'url', 'published'];
const FORECAST_KEYS = ['id', 'signpost', 'kind', 'date', 'made', 'publication', 'quote', 'provisional', 'note'];
const EXTRA_KEYS: Record<string, string[]> = {
  date: [],
  median: ['low', 'high', 'interval'],
  probability: ['probability'],
};
const MAX_QUOTE = 300;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not one). */
function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const day = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === v;
}

function unknownKeys(where: string, value: Json, allowed: readonly string[]): string[] {
  return Object.keys(value)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${where}: unknown field "${k}"`);
}

function publicationProblems(where: string, p: unknown): string[] {
  if (!isObject(p)) return [`${where}: not an object`];
  const out = unknownKeys(where, p, PUBLICATION_KEYS);
  if (typeof p.id !== 'string' || !ID.test(p.id)) out.push(`${where}: id must match ${ID}`);
  if (!isText(p.title)) out.push(`${where}: title is missing`);
  if (typeof p.url !== 'string' || !/^https?:\/\/\S+$/.test(p.url)) out.push(`${where}: url must be http(s)`);
  if (!isIsoDate(p.published)) out.push(`${where}: published is not an ISO date`);
  return out;
}

/** The fields that belong to one kind only: a median's interval, a probability's value. */
function kindProblems(where: string, f: Json): string[] {
  const out: string[] = [];
  if (f.kind === 'probability') {
    const p = f.probability;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) out.push(`${where}: probability must be a number in 0..1`);
  }
  if (f.kind === 'median' && (f.low !== undefined || f.high !== undefined || f.interval !== undefined)) {
    if (!isIsoDate(f.low) || !isIsoDate(f.high)) out.push(`${where}: low and high must both be ISO dates`);
    else if (isIsoDate(f.date) && !(f.low <= f.date && f.date <= f.high)) out.push(`${where}: needs low ≤ date ≤ high`);
    const c = f.interval;
    if (typeof c !== 'number' || !(c > 0 && c < 1)) out.push(`${where}: interval must be a coverage in (0, 1)`);
  }
  return out;
}

function forecastProblems(where: string, f: unknown, codes: ReadonlySet<string>, pubs: ReadonlySet<string>): string[] {
  if (!isObject(f)) return [`${where}: not an object`];
  const kind = typeof f.kind === 'string' && KINDS.includes(f.kind) ? f.kind : null;
  const out = unknownKeys(where, f, [...FORECAST_KEYS, ...(kind ? (EXTRA_KEYS[kind] ?? []) : [])]);
  if (typeof f.id !== 'string' || !ID.test(f.id)) out.push(`${where}: id must match ${ID}`);
  if (typeof f.signpost !== 'string' || !codes.has(f.signpost)) out.push(`${where}: signpost is not in the catalogue`);
  if (!kind) out.push(`${where}: kind must be one of ${KINDS.join(', ')}`);
  if (!isIsoDate(f.date)) out.push(`${where}: date is not an ISO date`);
  if (!isIsoDate(f.made)) out.push(`${where}: made is not an ISO date`);
  else if (isIsoDate(f.date) && f.made > f.date) out.push(`${where}: made is after the forecast date`);
  if (typeof f.publication !== 'string' || !pubs.has(f.publication)) out.push(`${where}: publication does not resolve`);
  if (!isText(f.quote)) out.push(`${where}: quote is missing`);
  else if ([...f.quote].length > MAX_QUOTE) out.push(`${where}: quote is over ${MAX_QUOTE} characters`);
  if (typeof f.provisional !== 'boolean') out.push(`${where}: provisional must be true or false`);
  if (f.note !== undefined && !isText(f.note)) out.push(`${where}: note must be text when present`);
  if (f.provisional === true && !isText(f.note)) out.push(`${where}: a provisional forecast says why in its note`);
  return [...out, ...kindProblems(where, f)];
}

/** Everything wrong with one forecast file, as readable lines (none when it is well formed). */
function fileProblems(name: string, file: unknown, codes: ReadonlySet<string>): string[] {
  if (!isObject(file)) return [`${name}: not an object`];
  const out = unknownKeys(name, file, FILE_KEYS);
  if (typeof file.forecaster !== 'string' || !ID.test(file.forecaster))
    out.push(`${name}: forecaster must match ${ID}`);
  if (!isText(file.name)) out.push(`${name}: name is missing`);
  const publications = Array.isArray(file.publications) ? file.publications : [];
  const forecasts = Array.isArray(file.forecasts) ? file.forecasts : [];
  if (publications.length === 0) out.push(`${name}: publications must be a non-empty list`);
  if (forecasts.length === 0) out.push(`${name}: forecasts must be a non-empty list`);
  publications.forEach((p, i) => out.push(...publicationProblems(`${name} publications[${i}]`, p)));
  const pubIds = publications.map((p) => (isObject(p) ? p.id : undefined));
  if (new Set(pubIds).size !== pubIds.length) out.push(`${name}: publication ids repeat`);
  const pubs = new Set(pubIds.filter((id): id is string => typeof id === 'string'));
  forecasts.forEach((f, i) => out.push(...forecastProblems(`${name} forecasts[${i}]`, f, codes, pubs)));
  return out;
}

function forecastIds(file: unknown): unknown[] {
  return isObject(file) && Array.isArray(file.forecasts) ? file.forecasts.map((f) => (isObject(f) ? f.id : f)) : [];
}

const codes = new Set(signpostCatalogue().map((s) => s.code));
const jsonNames = readdirSync(DIR)
  .filter((n) => n.endsWith('.json'))
  .sort();
const onDisk = jsonNames.map((n) => ({ name: n, file: JSON.parse(readFileSync(join(DIR, n), 'utf8')) as unknown }));

describe('shipped forecast data (src/forecasts/data)', () => {
  it('has at least one file, and index.ts exports every one of them', () => {
    expect(jsonNames.length).toBeGreaterThan(0);
    const forecaster = (f: unknown) => (isObject(f) ? f.forecaster : undefined);
    expect(forecastFiles.map(forecaster).sort()).toEqual(onDisk.map((d) => forecaster(d.file)).sort());
  });

  it.each(jsonNames)('%s has the file shape, real dates in order and resolvable references', (name) => {
    const file = onDisk.find((d) => d.name === name)?.file;
    expect(fileProblems(name, file, codes)).toEqual([]);
  });

  it('names each file after its forecaster', () => {
    const mismatched = onDisk.filter((d) => !isObject(d.file) || `${String(d.file.forecaster)}.json` !== d.name);
    expect(mismatched.map((d) => d.name)).toEqual([]);
  });

  it('keeps forecast ids unique across all files', () => {
    const ids = onDisk.flatMap((d) => forecastIds(d.file));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('lists every shipped forecast in the README beside the data', () => {
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    const ids = onDisk.flatMap((d) => forecastIds(d.file)).map(String);
    expect(ids.filter((id) => !readme.includes(`\`${id}\``))).toEqual([]);
  });
});

describe('the forecast file check itself', () => {
  const publication = { id: 'p', title: 'T', url: 'https://example.org/', published: '2025-01-01' };
  const forecast = {
    id: 'x-one',
    signpost: 'swe_bench_85',
    kind: 'date',
    date: '2026-06-30',
    made: '2025-01-01',
    publication: 'p',
    quote: 'q',
    provisional: false,
  };
  const file = (f: Json, extra: Json = {}) => ({
    forecaster: 'x',
    name: 'X',
    publications: [publication],
    forecasts: [{ ...forecast, ...f }],
    ...extra,
  });
  const median = { kind: 'median', low: '2026-01-01', high: '2027-01-01', interval: 0.8 };

  it('passes a well-formed file of each kind', () => {
    expect(fileProblems('x.json', file({}), codes)).toEqual([]);
    expect(fileProblems('x.json', file(median), codes)).toEqual([]);
    expect(fileProblems('x.json', file({ kind: 'median' }), codes)).toEqual([]);
    expect(fileProblems('x.json', file({ kind: 'probability', probability: 0.3 }), codes)).toEqual([]);
  });

  it.each([
    ['an unknown signpost', { signpost: 'agi_achieved' }, 'signpost is not in the catalogue'],
    ['an impossible day', { date: '2026-02-30' }, 'date is not an ISO date'],
    ['a date that is not ISO', { made: '30/06/2025' }, 'made is not an ISO date'],
    ['made after the forecast date', { made: '2026-07-01' }, 'made is after the forecast date'],
    ['a dangling publication', { publication: 'nowhere' }, 'publication does not resolve'],
    ['an unknown kind', { kind: 'guess' }, 'kind must be one of'],
    ['a probability above 1', { kind: 'probability', probability: 1.2 }, 'probability must be a number in 0..1'],
    ['a probability missing', { kind: 'probability' }, 'probability must be a number in 0..1'],
    ['a probability on a date forecast', { probability: 0.5 }, 'unknown field "probability"'],
    ['a median outside its interval', { ...median, date: '2028-01-01' }, 'needs low ≤ date ≤ high'],
    ['an interval without coverage', { ...median, interval: undefined }, 'interval must be a coverage'],
    ['a quote too long', { quote: 'a'.repeat(301) }, 'quote is over 300 characters'],
    ['a provisional without a note', { provisional: true }, 'provisional forecast says why'],
    ['an id with capitals', { id: 'X-One' }, 'id must match'],
  ])('rejects %s', (_what, change, message) => {
    expect(fileProblems('x.json', file(change), codes).join('\n')).toContain(message);
  });

  it('rejects a bad forecaster id, a repeated publication id and an unknown top-level field', () => {
    const problems = fileProblems(
      'x.json',
      file({}, { forecaster: 'AI 2027', publications: [publication, publication], by: 1 }),
      codes,
    );
    expect(problems.join('\n')).toContain('forecaster must match');
    expect(problems.join('\n')).toContain('publication ids repeat');
    expect(problems.join('\n')).toContain('unknown field "by"');
  });
});
