import { readFileSync } from 'node:fs';
import { errorMessage } from '../core/errors.js';
import { forecastFiles } from './data/index.js';
import type { Forecaster } from './forecast-types.js';
import { parseForecaster } from './parse-forecaster.js';

/**
 * Config `forecasts`: a list whose entries are paths of forecast files (JSON, relative to the
 * working directory, like `db`) or inline forecaster objects of the same shape. Returns the
 * forecasters, or one line per problem naming the entry (and its file).
 */
export function readConfigForecasts(value: unknown): { forecasters: Forecaster[]; errors: string[] } {
  if (value === undefined) return { forecasters: [], errors: [] };
  if (!Array.isArray(value))
    return { forecasters: [], errors: ['forecasts must be a list of file paths or forecaster objects'] };
  const forecasters: Forecaster[] = [];
  const errors: string[] = [];
  value.forEach((entry, i) => {
    const at = typeof entry === 'string' ? `forecasts[${i}] (${entry})` : `forecasts[${i}]`;
    const read = typeof entry === 'string' ? readJson(entry) : { value: entry, error: null };
    if (read.error !== null) {
      errors.push(`${at}: ${read.error}`);
      return;
    }
    const parsed = parseForecaster(read.value);
    for (const e of parsed.errors) errors.push(`${at}: ${e}`);
    if (parsed.forecaster) forecasters.push(parsed.forecaster);
  });
  const seen = new Set<string>();
  for (const f of forecasters) {
    if (seen.has(f.forecaster)) errors.push(`forecasts: the forecaster "${f.forecaster}" is given twice`);
    seen.add(f.forecaster);
  }
  return { forecasters, errors };
}

/** Config forecasts whose signpost is not in the effective catalogue, one line each. */
export function unknownSignpostErrors(forecasters: readonly Forecaster[], codes: ReadonlySet<string>): string[] {
  return forecasters.flatMap((f) =>
    f.forecasts
      .filter((x) => !codes.has(x.signpost))
      .map((x) => `forecasts: ${f.forecaster}/${x.id} names an unknown signpost "${x.signpost}"`),
  );
}

let builtIn: Forecaster[] | undefined;

/** The shipped forecasters (src/forecasts/data). A broken shipped file is our bug: a test guards it. */
export function shippedForecasters(): Forecaster[] {
  builtIn ??= forecastFiles.map((file, i) => {
    const { forecaster, errors } = parseForecaster(file);
    if (!forecaster) throw new Error(`shipped forecast file ${i}: ${errors.join('; ')}`);
    return forecaster;
  });
  return builtIn;
}

/** Shipped forecasters, then config's: a config forecaster with a shipped one's id replaces it. */
export function effectiveForecasters(fromConfig: readonly Forecaster[]): Forecaster[] {
  const ids = new Set(fromConfig.map((f) => f.forecaster));
  return [...shippedForecasters().filter((f) => !ids.has(f.forecaster)), ...fromConfig];
}

function readJson(path: string): { value: unknown; error: string | null } {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    return { value: null, error: `cannot be read: ${oneLine(errorMessage(err))}` };
  }
  try {
    return { value: JSON.parse(raw), error: null };
  } catch (err) {
    return { value: null, error: `is not valid JSON: ${oneLine(errorMessage(err))}` };
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
