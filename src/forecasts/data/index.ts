import { readShippedJson } from '../../core/package-files.js';

/**
 * The shipped forecast files, one per forecaster, as parsed JSON: the forecasts engine validates
 * them (so this stays `unknown`). They are read from the package root like the signpost catalogue
 * (src/signposts/catalogue.ts), because src/**\/*.json ships beside dist/. Where each forecast comes
 * from, and what of the seed was kept or dropped, is in README.md beside this file.
 * test/unit/forecast-data.test.ts fails when a JSON file here is missing from this list.
 */
const ai2027 = readShippedJson<unknown>('src/forecasts/data/ai2027.json');
const aschenbrenner = readShippedJson<unknown>('src/forecasts/data/aschenbrenner.json');
const epochAi = readShippedJson<unknown>('src/forecasts/data/epoch-ai.json');
const metr = readShippedJson<unknown>('src/forecasts/data/metr.json');

export const forecastFiles: readonly unknown[] = [ai2027, aschenbrenner, epochAi, metr];
