import type { Config } from '../config/config.js';
import type { Source } from '../core/types.js';
import type { Database } from '../db/open-database.js';
import type { Alerter } from './alerter.js';
import { FAILURES_TO_ALERT, jobStatus, sourceStatuses, staleWords } from './status.js';

/** After a run: 3 failures in a row open an episode (one alert), the next success closes it. */
export async function alertOnJob(db: Database, alerter: Alerter, job: string, now: Date): Promise<void> {
  const status = await jobStatus(db, job, 0, now);
  const last = status.lastRun;
  if (!last) return;
  const key = `job-failing:${job}`;
  if (status.consecutiveFailures >= FAILURES_TO_ALERT) {
    await alerter.raise({
      key,
      severity: 'error',
      title: `${job} failed ${FAILURES_TO_ALERT} times in a row`,
      text: last.error ?? 'no error recorded',
      fields: { job, since: status.failingSince ?? '' },
    });
  } else if (last.status === 'success' || last.status === 'partial') {
    await alerter.resolve(key, {
      severity: 'info',
      title: `${job} recovered`,
      text: `${job} ran with status ${last.status}`,
      fields: { job },
    });
  }
}

/** After a fetch: a source paused or gone stale opens an episode; fetching well again closes it. */
export async function alertOnSources(
  db: Database,
  alerter: Alerter,
  config: Config,
  sources: Source[],
  now: Date,
): Promise<void> {
  for (const s of await sourceStatuses(db, config, sources, now)) {
    const paused = `source-paused:${s.id}`;
    const stale = `source-stale:${s.id}`;
    if (s.pausedUntil) {
      await alerter.raise({
        key: paused,
        severity: 'warning',
        title: `source ${s.id} paused`,
        text: s.lastError ?? 'repeated failures',
        fields: { source: s.id, until: s.pausedUntil },
      });
    } else if (s.consecutiveFailures === 0) {
      await alerter.resolve(paused, {
        severity: 'info',
        title: `source ${s.id} recovered`,
        text: 'fetched successfully again',
        fields: { source: s.id },
      });
    }
    if (s.stale) {
      await alerter.raise({
        key: stale,
        severity: 'warning',
        title: `source ${s.id} went stale`,
        text: staleWords(s),
        fields: { source: s.id },
      });
    } else {
      await alerter.resolve(stale, {
        severity: 'info',
        title: `source ${s.id} is publishing again`,
        text: `new items since ${s.lastNewAt}`,
        fields: { source: s.id },
      });
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
