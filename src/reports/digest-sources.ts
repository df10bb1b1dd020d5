import type { Config } from '../config/config.js';
import { HOUR_MS } from '../core/durations.js';
import type { Source } from '../core/types.js';
import { plural } from '../core/wording.js';
import type { Database } from '../db/open-database.js';
import { lastWorkingRunBefore } from '../db/repos/job-runs-repo.js';
import { sourceWeeks } from '../db/repos/source-fetches-repo.js';
import { listHealth } from '../db/repos/sources-repo.js';
import { silence } from '../sources/source-health.js';

/**
 * The digest's "sources" section: how the sources fared in the week and where they stood at
 * its end (Monday 00:00 UTC after it), read from the per-source fetch history and the job
 * ledger — never today's health, which a digest written days later would otherwise report.
 */
export async function weekSourceProblems(
  db: Database,
  config: Config,
  sources: Source[],
  monday: string,
  end: string,
): Promise<{ id: string; problem: string }[]> {
  const out: { id: string; problem: string }[] = [];
  const endAt = new Date(end);
  const lastFetch = await lastWorkingRunBefore(db, 'fetch', end);
  const every = config.schedule.fetchHours;
  // Before the first working fetch there is no record to speak of (a new install): say nothing.
  if (lastFetch !== null && endAt.getTime() - Date.parse(lastFetch) > every * 1.5 * HOUR_MS)
    out.push({
      id: 'fetch job',
      problem: `no successful run after ${lastFetch} (expected every ${every} h): the sources below are as of then`,
    });

  const weeks = await sourceWeeks(db, `${monday}T00:00:00.000Z`, end);
  // Fetched by nobody since the week ended: today's health row is still the week-end state.
  const untouched = new Map(
    (await listHealth(db)).filter((h) => h.last_fetched_at === null || h.last_fetched_at < end).map((h) => [h.id, h]),
  );
  for (const s of sources.filter((x) => x.enabled)) {
    const w = weeks.get(s.id);
    const h = untouched.get(s.id);
    const state = w?.last
      ? { failures: w.last.consecutive_failures, error: w.last.error, pausedUntil: w.last.paused_until }
      : h
        ? { failures: h.consecutive_failures, error: h.last_error, pausedUntil: h.disabled_until }
        : null;
    const lastNew = w?.lastNewAt ?? (h?.last_new_at && h.last_new_at < end ? h.last_new_at : null);
    const because = (e: string | null | undefined) => (e ? `: ${e}` : '');
    if (state?.pausedUntil && state.pausedUntil > end)
      out.push({ id: s.id, problem: `paused at the week's end, until ${state.pausedUntil}${because(state.error)}` });
    else if (state && state.failures > 0)
      out.push({
        id: s.id,
        problem: `failing at the week's end (${plural(state.failures, 'failure')} in a row)${because(state.error)}`,
      });
    else if (w && w.failures > 0)
      out.push({
        id: s.id,
        problem: `failed ${w.failures} of ${plural(w.fetches, 'fetch', 'fetches')} this week, fine by its end`,
      });
    if (lastNew && silence(lastNew, endAt, s.kind === 'arxiv') > config.schedule.sourceStaleDays)
      out.push({ id: s.id, problem: `silent since ${lastNew}` });
  }
  return out;
}
