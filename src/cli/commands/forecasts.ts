import { ExitCode } from '../../core/errors.js';
import { plainDeep } from '../../core/plain-text.js';
import { forecastsReport } from '../../jobs/forecasts.js';
import type { ForecastReport } from '../../reports/forecast-report.js';
import { courseWords, errorWords, forecastWords, verdictWords } from '../../reports/forecast-wording.js';
import type { SignpostCourse } from '../../forecasts/projection.js';
import { type CommandContext, jobContextOf } from '../context.js';
import { renderTable, truncate } from '../render/table.js';
import { withUnit } from '../../core/wording.js';

export interface ForecastsFlags {
  signpost?: string;
  forecaster?: string;
}

/** Read-only: each forecast against the record today, and the forecasters' leaderboard. */
export async function forecastsCommand(ctx: CommandContext, flags: ForecastsFlags): Promise<number> {
  const report = await forecastsReport(jobContextOf(ctx), { signpost: flags.signpost, forecaster: flags.forecaster });
  ctx.io.out(ctx.io.json ? JSON.stringify(plainDeep(report)) : renderForecasts(report, ctx.io.color));
  return ExitCode.ok;
}

function renderForecasts(r: ForecastReport, color: boolean): string {
  const lines = [`Forecasts against the record as of ${r.asOf} (UTC)`, ''];
  if (r.signposts.length === 0) return [...lines, 'no forecasts (add some with the config key "forecasts")'].join('\n');
  lines.push(
    renderTable(
      ['signpost', 'target', 'course'],
      r.signposts.map((s) => [s.code, `${s.direction} ${withUnit(s.target, s.unit)}`, courseWords(s.course)]),
      color,
    ),
    '',
  );
  const course = new Map(r.signposts.map((s) => [s.code, s.course]));
  if (r.forecasts.length === 0) lines.push('no forecasts of this signpost');
  else
    lines.push(
      renderTable(
        ['forecaster', 'signpost', 'forecast', 'status', 'ahead/behind', 'error'],
        r.forecasts.map((f) => [
          truncate(f.forecaster, 24),
          f.signpost,
          forecastWords(f),
          statusWords(course.get(f.signpost)),
          verdictWords(f),
          errorWords(f),
        ]),
        color,
      ),
    );
  if (r.forecasts.some((f) => f.provisional))
    lines.push('[provisional]: not yet checked against its source; not scored');
  lines.push(
    '',
    'leaderboard (error = observed − forecast date, once crossed; Brier once a probability resolves):',
    renderTable(
      ['forecaster', 'forecasts', 'scored', 'mean |error|', 'inside interval', 'Brier scored', 'mean Brier'],
      r.leaderboard.map((l) => [
        truncate(l.forecaster, 24),
        l.forecasts,
        l.scored,
        l.meanAbsErrorDays === null ? '—' : `${l.meanAbsErrorDays} days`,
        l.withInterval ? `${l.insideInterval}/${l.withInterval}` : '—',
        l.brierScored,
        l.meanBrier === null ? '—' : l.meanBrier.toFixed(4),
      ]),
      color,
    ),
  );
  return lines.join('\n');
}

function statusWords(c: SignpostCourse | undefined): string {
  if (!c) return '';
  if (c.status === 'crossed') return `crossed ${c.date}`;
  if (c.status === 'projected') return c.date ? `projected ${c.date}` : 'projected beyond 100 years';
  return 'no projection';
}
