import type { Config } from '../config/config.js';
import type { Observation } from '../core/types.js';
import type { Database } from '../db/open-database.js';
import type { Forecast, Publication } from '../forecasts/forecast-types.js';
import { judgeForecast, type Verdict } from '../forecasts/forecast-verdict.js';
import { type LeaderboardRow, leaderboard } from '../forecasts/leaderboard.js';
import { effectiveForecasters } from '../forecasts/load-forecasts.js';
import { type SignpostCourse, signpostCourse } from '../forecasts/projection.js';
import type { Signpost } from '../signposts/catalogue.js';
import { unitProblem, unitRanges } from '../signposts/units.js';
import { type Evidence, readEvidence } from './evidence.js';

/** Before any record: every reading is on or after it. */
const FIRST_DAY = '0000-01-01';

export interface ForecastRow extends Omit<Forecast, 'publication'>, Verdict {
  forecaster: string;
  forecasterName: string;
  /** Where the forecast was published (the file's publication it names). */
  publication: Publication | null;
}

export interface SignpostForecasts {
  code: string;
  name: string;
  unit: string;
  direction: Signpost['direction'];
  target: number;
  course: SignpostCourse;
}

export interface ForecastReport {
  asOf: string;
  signposts: SignpostForecasts[];
  forecasts: ForecastRow[];
  leaderboard: LeaderboardRow[];
}

export interface ForecastFilter {
  signpost?: string;
  forecaster?: string;
}

/** The forecasts against the record as of a day (YYYY-MM-DD), read from the database. */
export async function readForecastReport(
  db: Database,
  config: Config,
  asOf: string,
  filter: ForecastFilter = {},
): Promise<ForecastReport> {
  return forecastReportOf(await readEvidence(db, config), config, asOf, filter);
}

/** The same from evidence a caller has already opened (the digest's). */
export async function forecastReportOf(
  evidence: Evidence,
  config: Config,
  asOf: string,
  filter: ForecastFilter = {},
): Promise<ForecastReport> {
  // Only the A/B readings a unit accepts count toward a course: read them through the readings
  // table (by index, no analysis parsed), with the leaderboard, reviewed and reviewer readings.
  return forecastReport(config, await evidence.firmBetween(FIRST_DAY, asOf), asOf, filter);
}

/**
 * Per signpost its course — crossed (the snapshot's rule: the first A/B reading valid in its
 * unit that meets the target) or its trend — and every forecast of it judged against that,
 * with the leaderboard of the forecasters shown.
 */
export function forecastReport(
  config: Config,
  observations: readonly Observation[],
  asOf: string,
  filter: ForecastFilter = {},
): ForecastReport {
  const forecasters = effectiveForecasters(config.forecasts).filter(
    (f) => filter.forecaster === undefined || f.forecaster === filter.forecaster,
  );
  const wanted = forecasters.flatMap((f) =>
    f.forecasts
      .filter((x) => filter.signpost === undefined || x.signpost === filter.signpost)
      .map((x) => ({ forecaster: f, forecast: x })),
  );
  const codes = new Set(filter.signpost !== undefined ? [filter.signpost] : wanted.map((w) => w.forecast.signpost));
  const signposts = config.signposts
    .filter((s) => codes.has(s.code))
    .map((s) => ({
      code: s.code,
      name: s.name,
      unit: s.unit,
      direction: s.direction,
      target: s.target,
      course: courseOf(s, observations, asOf),
    }));
  const courses = new Map(signposts.map((s) => [s.code, s.course]));
  const forecasts = wanted
    .flatMap(({ forecaster, forecast }) => {
      const course = courses.get(forecast.signpost);
      if (!course) return []; // config checks every signpost code at load: cannot happen
      return [
        {
          ...forecast,
          ...judgeForecast(forecast, course, asOf),
          forecaster: forecaster.forecaster,
          forecasterName: forecaster.name,
          publication: forecaster.publications.find((p) => p.id === forecast.publication) ?? null,
        },
      ];
    })
    .sort((a, b) => a.signpost.localeCompare(b.signpost) || a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  return {
    asOf,
    signposts,
    forecasts,
    leaderboard: leaderboard(
      forecasts.map((f) => ({ forecaster: f.forecaster, provisional: f.provisional, verdict: f })),
    ),
  };
}

/** A/B readings valid in the unit, up to the day (withdrawn ones never reach here), as the snapshot counts them. */
function courseOf(s: Signpost, observations: readonly Observation[], asOf: string): SignpostCourse {
  const readings = observations.flatMap((o) =>
    o.signpost === s.code &&
    o.date <= asOf &&
    !o.withdrawn &&
    o.value !== null &&
    (o.tier === 'A' || o.tier === 'B') &&
    unitProblem(s.unit, o.value) === null
      ? [{ date: o.date, value: o.value }]
      : [],
  );
  return signpostCourse(readings, s, unitRanges()[s.unit]?.growth === true);
}
