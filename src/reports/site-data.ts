import type { Config } from '../config/config.js';
import type { Database } from '../db/open-database.js';
import { observationsUpTo } from '../db/repos/observations-repo.js';
import { eventSummaries, latestSnapshotDate, storedOverall } from '../db/repos/site-repo.js';
import { storedSnapshots } from '../db/repos/snapshots-repo.js';
import type { Category, Signpost } from '../signposts/catalogue.js';
import { addDays, isoWeekOf } from './dates.js';
import type { PublishedDigest } from './feed-entries.js';
import type { CategoryScore } from './index-score.js';
import { readPublishedDigests } from './published-digests.js';
import { type Explanation, explainSignpost } from './snapshot.js';
import type { SignpostCourse } from '../forecasts/projection.js';
import { type ForecastRow, forecastReport } from './forecast-report.js';

/** A signpost's value as the snapshot stored it (the compact form of its payload). */
export interface StoredSignpost {
  code: string;
  value: number | null;
  progress: number;
  provisional: boolean;
  tier: string | null;
  date: string | null;
  eventId: number | null;
}

/** The newest stored snapshot: the numbers the site shows, exactly as `snapshot` stored them. */
export interface StoredDay {
  date: string;
  presets: { name: string; overall: number; capability: number; safetyMargin: number }[];
  categories: Record<Category, CategoryScore>;
  signposts: Map<string, StoredSignpost>;
}

export interface SignpostPageData {
  signpost: Signpost;
  current: StoredSignpost | null;
  readings: (Explanation['observations'][number] & { summary: string | null })[];
  /** Its forecasts judged as of the site's day, with its course (null: none is forecast). */
  forecasts: { course: SignpostCourse; rows: ForecastRow[] } | null;
}

export interface SiteData {
  snapshot: StoredDay | null;
  /** Overall per preset at the last stored day of each of the last 53 ISO weeks (oldest first). */
  weekly: { week: string; overall: Record<string, number> }[];
  digests: PublishedDigest[];
  signposts: SignpostPageData[];
}

export const CHART_WEEKS = 53;

/** Everything the site shows, read from stored snapshots, digests and observations. */
export async function readSiteData(db: Database, config: Config, today: string, weeks: number): Promise<SiteData> {
  const date = await latestSnapshotDate(db, today);
  const snapshot = date ? await storedDay(db, config, date) : null;
  const last = date ?? today;
  const weekly = await weeklyOverall(db, last);
  const observations = await observationsUpTo(db, last);
  const ids = [...new Set(observations.flatMap((o) => (o.eventId === null ? [] : [o.eventId])))];
  const summaries = await eventSummaries(db, ids);
  const judged = forecastReport(config, observations, last);
  const signposts: SignpostPageData[] = [];
  for (const s of config.signposts) {
    const course = judged.signposts.find((x) => x.code === s.code)?.course;
    const forecasts = course ? { course, rows: judged.forecasts.filter((f) => f.signpost === s.code) } : null;
    const explained = await explainSignpost(db, config, last, s.code, observations);
    const readings = (explained?.observations ?? []).map((o) => ({
      ...o,
      summary: o.eventId === null ? null : (summaries.get(o.eventId) ?? null),
    }));
    signposts.push({ signpost: s, current: snapshot?.signposts.get(s.code) ?? null, readings, forecasts });
  }
  return { snapshot, weekly, digests: await readPublishedDigests(db, weeks), signposts };
}

async function storedDay(db: Database, config: Config, date: string): Promise<StoredDay | null> {
  const rows = await storedSnapshots(db, date, date);
  const first = rows[0];
  if (!first) return null;
  const payload = JSON.parse(first.payload) as {
    categories: Record<Category, CategoryScore>;
    signposts: StoredSignpost[];
  };
  const order = Object.keys(config.presets);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return {
    date,
    presets: rows
      .map((r) => ({ name: r.preset, overall: r.overall, capability: r.capability, safetyMargin: r.safety_margin }))
      .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name)),
    categories: payload.categories,
    signposts: new Map(payload.signposts.map((s) => [s.code, s])),
  };
}

async function weeklyOverall(db: Database, last: string): Promise<SiteData['weekly']> {
  const weeks = Array.from({ length: CHART_WEEKS }, (_, i) => isoWeekOf(addDays(last, -7 * (CHART_WEEKS - 1 - i))));
  const byWeek = new Map<string, { date: string; overall: Record<string, number> }>();
  for (const row of await storedOverall(db, addDays(last, -7 * CHART_WEEKS), last)) {
    const week = isoWeekOf(row.date);
    const have = byWeek.get(week);
    // The last stored day of each week stands for it.
    if (!have || row.date > have.date) byWeek.set(week, { date: row.date, overall: { [row.preset]: row.overall } });
    else if (row.date === have.date) have.overall[row.preset] = row.overall;
  }
  return weeks.map((week) => ({ week, overall: byWeek.get(week)?.overall ?? {} }));
}
