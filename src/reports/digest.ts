import type { Config } from '../config/config.js';
import type { Source } from '../core/types.js';
import type { Database } from '../db/open-database.js';
import { callsBetween, type WeekEventRow, weekEvents } from '../db/repos/digest-repo.js';
import { spentBetween } from '../db/repos/llm-calls-repo.js';
import { reviewStates } from '../db/repos/reviews-repo.js';
import { isRetracted } from '../core/review.js';
import { type DigestRetraction, weekRetractions } from './digest-retractions.js';
import { type Corroboration, oncePerStory, weekStories } from './digest-stories.js';
import { CATEGORIES, type Category } from '../signposts/catalogue.js';
import { unitProblem } from '../signposts/units.js';
import { weekSourceProblems } from './digest-sources.js';
import { type DigestForecasts, digestForecasts } from './digest-forecasts.js';
import { roundUsd } from '../core/rounding.js';
import { addDays, isoWeekOf, weekDays } from './dates.js';
import { indexSeries, takeSnapshot } from './snapshot.js';
import { readEvidence } from './evidence.js';
import type { Observation } from '../core/types.js';

export interface DigestEvent {
  id: number;
  /** The other sources' reports of the same story (the digest lists a story once). */
  alsoReportedBy: Corroboration[];
  title: string;
  summary: string;
  source: string;
  date: string;
  url: string;
  tier: string;
  significance: number;
  categories: string[];
}

export interface DigestDocument {
  week: string;
  from: string;
  to: string;
  index: {
    presets: { name: string; overall: number; capability: number; safetyMargin: number; weekMovement: number | null }[];
    categories: { category: Category; score: number; band: [number, number]; weekMovement: number | null }[];
  };
  /** Overall per preset at the end of each of the last 12 weeks (this one last). */
  series: { week: string; date: string; overall: Record<string, number> }[];
  records: {
    signpost: string;
    name: string;
    unit: string;
    value: number;
    previous: number | null;
    tier: string;
    date: string;
    eventId: number | null;
    title: string | null;
    url: string | null;
  }[];
  topEvents: { category: string; events: DigestEvent[] }[];
  ifTrue: DigestEvent[];
  /** Events a reviewer retracted (dated in the week, or retracted during it): listed nowhere else. */
  retracted: DigestRetraction[];
  sources: { id: string; problem: string }[];
  spend: { usd: number; calls: number };
  narrative: { text: string | null; note: string | null };
  /** Absent from digests stored before forecasts existed. */
  forecasts?: DigestForecasts;
}

const TOP = 20;
const IF_TRUE = 5;

/**
 * The weekly read of an ISO week (Monday–Sunday, UTC): the index at the week's end per preset
 * and its movement over the week, new signpost records, the most significant A/B events by
 * category, C/D events "if true", how the sources fared that week and the week's LLM spend.
 */
export async function buildDigest(
  db: Database,
  config: Config,
  sources: Source[],
  week: string,
  now: Date,
): Promise<DigestDocument> {
  const { monday, sunday } = weekDays(week);
  const at = now.toISOString();
  // Only the readings each date's values rest on, and the week's own: not the whole history.
  const evidence = await readEvidence(db, config);
  const sundays = Array.from({ length: 12 }, (_, i) => addDays(sunday, -7 * (11 - i)));
  // The 12 weeks the digest shows, read once (the evidence at their start, every reading after).
  await evidence.prepare([...sundays, addDays(monday, -1)]);
  const reviews = await reviewStates(db);
  const retracted = [...reviews].filter(([, s]) => isRetracted(s)).map(([id]) => id);
  const end = await takeSnapshot(db, config, { date: sunday, history: 0, at }, evidence);
  const start = await takeSnapshot(db, config, { date: addDays(monday, -1), history: 0, at }, evidence);
  const startPreset = new Map(start.presets.map((p) => [p.name, p.overall]));

  const overall = await indexSeries(db, config, sundays, evidence, at);
  const series = sundays.map((date) => ({ week: isoWeekOf(date), date, overall: overall.get(date) ?? {} }));

  const weekEnd = addDays(sunday, 1);
  const toEvent = (r: WeekEventRow): Omit<DigestEvent, 'alsoReportedBy'> => ({
    id: r.id,
    title: r.title,
    summary: r.summary ?? '',
    source: r.source_id,
    date: r.day,
    url: r.url,
    tier: r.tier,
    significance: r.significance,
    categories: r.categories ? (JSON.parse(r.categories) as string[]) : [],
  });
  const [top = [], ifTrue = []] = oncePerStory(
    [
      (await weekEvents(db, monday, weekEnd, ['A', 'B'], TOP, retracted)).map(toEvent),
      (await weekEvents(db, monday, weekEnd, ['C', 'D'], IF_TRUE, retracted)).map(toEvent),
    ],
    await weekStories(db, monday, weekEnd),
  );
  const groups = new Map<string, DigestEvent[]>();
  for (const e of top) {
    const key = e.categories[0] ?? 'other';
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const order = [...CATEGORIES, 'other'];
  const topEvents = [...groups.entries()]
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([category, events]) => ({ category, events }));

  return {
    week,
    from: monday,
    to: sunday,
    index: {
      presets: end.presets.map((p) => {
        const before = startPreset.get(p.name);
        return {
          name: p.name,
          overall: p.overall,
          capability: p.capability,
          safetyMargin: p.safetyMargin,
          weekMovement: before === undefined ? null : p.overall - before,
        };
      }),
      categories: CATEGORIES.map((c) => ({
        category: c,
        score: end.categories[c].score,
        band: end.categories[c].band,
        weekMovement: end.categories[c].score - start.categories[c].score,
      })),
    },
    series,
    // The best reading before the week (deciding readings) and every firm one in it.
    records: weekRecords(
      config,
      [...(await evidence.upTo(addDays(monday, -1))), ...(await evidence.firmBetween(monday, sunday))],
      monday,
      sunday,
    ),
    topEvents,
    ifTrue,
    retracted: await weekRetractions(db, reviews, monday, sunday),
    sources: await weekSourceProblems(db, config, sources, monday, `${weekEnd}T00:00:00.000Z`),
    spend: { usd: roundUsd(await spentBetween(db, monday, sunday)), calls: await callsBetween(db, monday, sunday) },
    narrative: { text: null, note: null },
    forecasts: await digestForecasts(evidence, config, monday, sunday),
  };
}

/** A/B readings dated in the week that beat every earlier reading of their signpost. */
function weekRecords(
  config: Config,
  observations: Observation[],
  monday: string,
  sunday: string,
): DigestDocument['records'] {
  const out: DigestDocument['records'] = [];
  for (const s of config.signposts) {
    const readings = observations
      .filter(
        (o) =>
          o.signpost === s.code &&
          o.value !== null &&
          (o.tier === 'A' || o.tier === 'B') &&
          unitProblem(s.unit, o.value) === null,
      )
      .sort((a, b) => a.date.localeCompare(b.date) || a.tier.localeCompare(b.tier));
    let best: number | null = null;
    for (const o of readings) {
      const v = o.value as number;
      const beats = best === null || (s.direction === '>=' ? v > best : v < best);
      if (beats && o.date >= monday && o.date <= sunday)
        out.push({
          signpost: s.code,
          name: s.name,
          unit: s.unit,
          value: v,
          previous: best,
          tier: o.tier,
          date: o.date,
          eventId: o.eventId,
          title: o.title,
          url: o.url,
        });
      if (beats) best = v;
    }
  }
  return out;
}
