import { AppError } from '../core/errors.js';
import { parseDay } from '../reports/dates.js';
import type { SignpostCourse } from '../forecasts/projection.js';
import { type ForecastRow, readForecastReport } from '../reports/forecast-report.js';
import { type Explanation, explainSignpost, type SnapshotDocument, takeSnapshot } from '../reports/snapshot.js';
import type { JobContext } from './job-context.js';
import { type JobOutcome, ok } from './job-outcome.js';
import { withJob } from './with-job.js';

export interface SnapshotOptions {
  /** YYYY-MM-DD (default today, UTC); past days can be computed. */
  date?: string;
  /** Also compute (and return) the last N days. */
  history?: number;
}

/** Computes and stores the index of a day, every preset, under the `snapshot` lock. */
export async function snapshotJob(
  ctx: JobContext,
  options: SnapshotOptions = {},
): Promise<JobOutcome<SnapshotDocument>> {
  const date = dayOf(ctx, options.date);
  const doc = await withJob(ctx, 'snapshot', { lock: true }, ({ db, record }) =>
    record(async () => {
      const result = await takeSnapshot(db, ctx.config, {
        date,
        history: options.history ?? 0,
        at: ctx.clock().toISOString(),
      });
      const equal = result.presets[0];
      return {
        status: 'success',
        counts: { date, presets: result.presets.length, overall: equal?.overall ?? null },
        result,
      };
    }),
  );
  return ok(doc);
}

/** What `snapshot --explain` shows of a signpost's forecasts: its course and each forecast judged. */
export interface ExplainedForecasts {
  course: SignpostCourse | null;
  forecasts: ForecastRow[];
}

/** `snapshot --explain`: the observations behind one signpost on a day, and its forecasts; stores nothing. */
export async function explainSnapshot(
  ctx: JobContext,
  options: { date?: string; code: string },
): Promise<Explanation & { date: string; forecasts: ExplainedForecasts }> {
  if (!ctx.config.signposts.some((s) => s.code === options.code))
    throw new AppError(
      'usage',
      `--explain: unknown signpost "${options.code}" (see the signpost catalogue in README.md)`,
    );
  const date = dayOf(ctx, options.date);
  const db = await ctx.openDb();
  try {
    const explanation = (await explainSignpost(db, ctx.config, date, options.code)) as Explanation;
    const report = await readForecastReport(db, ctx.config, date, { signpost: options.code });
    const forecasts = { course: report.signposts[0]?.course ?? null, forecasts: report.forecasts };
    return { date, ...explanation, forecasts };
  } finally {
    await db.close();
  }
}

function dayOf(ctx: JobContext, date: string | undefined): string {
  const today = ctx.clock().toISOString().slice(0, 10);
  return date ? parseDay(date, today) : today;
}
