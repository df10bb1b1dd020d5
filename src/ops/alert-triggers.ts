import type { Config } from '../config/config.js';
import type { Source } from '../core/types.js';
import { lastRuns } from '../db/repos/job-runs-repo.js';
import type { Database } from '../db/open-database.js';
import type { Alerter } from './alerter.js';
import { FAILURES_TO_ALERT, statusReport } from './status.js';

/** After a run: 3 failures in a row open an episode (one alert), the next success closes it. */
export async function alertOnJob(db: Database, alerter: Alerter, job: string): Promise<void> {
  const runs = lastRuns(db, job, FAILURES_TO_ALERT).filter((r) => r.status !== 'skipped');
  const latest = runs[0];
  if (!latest) return;
  const key = `job-failing:${job}`;
  if (runs.length >= FAILURES_TO_ALERT && runs.every((r) => r.status === 'failed')) {
    await alerter.raise({
      key,
      severity: 'error',
      title: `${job} failed ${FAILURES_TO_ALERT} times in a row`,
      text: latest.error ?? 'no error recorded',
      fields: { job, since: runs[runs.length - 1]?.started_at ?? '' },
    });
  } else if (latest.status === 'success' || latest.status === 'partial') {
    await alerter.resolve(key, { severity: 'info', title: `${job} recovered`, text: `${job} ran with status ${latest.status}`, fields: { job } });
  }
}

/** After a fetch: a source paused or gone stale opens an episode; fetching well again closes it. */
export async function alertOnSources(db: Database, alerter: Alerter, config: Config, sources: Source[], now: Date): Promise<void> {
  const report = statusReport(db, config, sources, now, { status: 'ok', spentUsd: 0, hardLimitUsd: 0 });
  for (const s of report.sources) {
    const paused = `source-paused:${s.id}`;
    const stale = `source-stale:${s.id}`;
    if (s.pausedUntil) {
      await alerter.raise({ key: paused, severity: 'warning', title: `source ${s.id} paused`, text: s.lastError ?? 'repeated failures', fields: { source: s.id, until: s.pausedUntil } });
    } else if (s.consecutiveFailures === 0) {
      await alerter.resolve(paused, { severity: 'info', title: `source ${s.id} recovered`, text: 'fetched successfully again', fields: { source: s.id } });
    }
    if (s.stale) {
      await alerter.raise({ key: stale, severity: 'warning', title: `source ${s.id} went stale`, text: `nothing new since ${s.lastNewAt}`, fields: { source: s.id } });
    } else {
      await alerter.resolve(stale, { severity: 'info', title: `source ${s.id} is publishing again`, text: `new items since ${s.lastNewAt}`, fields: { source: s.id } });
    }
  }
}

/** After analyze: the daily warning and the hard stop, once per UTC day each. */
export async function alertOnBudget(
  alerter: Alerter,
  config: Config,
  day: string,
  dayTotalUsd: number,
  stopped: boolean,
): Promise<void> {
  if (dayTotalUsd >= config.budget.dailyWarningUsd) {
    await alerter.once({
      key: `budget-warning:${day}`,
      severity: 'warning',
      title: 'LLM spend passed the daily warning',
      text: `$${dayTotalUsd.toFixed(2)} spent or reserved today (warning at $${config.budget.dailyWarningUsd})`,
      fields: { day, hardLimitUsd: config.budget.hardLimitUsd },
    });
  }
  if (stopped) {
    await alerter.once({
      key: `budget-stop:${day}`,
      severity: 'critical',
      title: 'LLM budget exhausted for today',
      text: `analyze stopped: no further call fits under the hard limit of $${config.budget.hardLimitUsd}`,
      fields: { day },
    });
  }
}
