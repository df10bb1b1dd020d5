import { AppError } from '../core/errors.js';
import { effectiveForecasters } from '../forecasts/load-forecasts.js';
import { type ForecastFilter, type ForecastReport, readForecastReport } from '../reports/forecast-report.js';
import type { JobContext } from './job-context.js';

/**
 * `forecasts`: every forecast against the record as of today (UTC). Reads only: no job lock,
 * no job_runs row, nothing stored.
 */
export async function forecastsReport(ctx: JobContext, options: ForecastFilter = {}): Promise<ForecastReport> {
  checkFilter(ctx, options);
  const asOf = ctx.clock().toISOString().slice(0, 10);
  const db = await ctx.openDb({ mustExist: true });
  try {
    return await readForecastReport(db, ctx.config, asOf, options);
  } finally {
    await db.close();
  }
}

/** An unknown --signpost or --forecaster is a usage error naming what there is. */
export function checkFilter(ctx: JobContext, filter: ForecastFilter): void {
  if (filter.signpost !== undefined && !ctx.config.signposts.some((s) => s.code === filter.signpost))
    throw new AppError(
      'usage',
      `--signpost: unknown signpost "${filter.signpost}" (see the signpost catalogue in README.md)`,
    );
  const names = effectiveForecasters(ctx.config.forecasts).map((f) => f.forecaster);
  if (filter.forecaster !== undefined && !names.includes(filter.forecaster))
    throw new AppError(
      'usage',
      `--forecaster: unknown forecaster "${filter.forecaster}" ` +
        `(known: ${names.length ? names.join(', ') : 'none; add forecasts in config'})`,
    );
}
