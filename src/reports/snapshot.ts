import type { Config } from '../config/config.js';
import type { Database } from '../db/open-database.js';
import { spentBetween } from '../db/repos/llm-calls-repo.js';
import { observationsUpTo } from '../db/repos/observations-repo.js';
import { type DayActivity, dayActivity, saveSnapshot, storedSnapshots } from '../db/repos/snapshots-repo.js';
import type { Category } from '../signposts/catalogue.js';
import { unitProblem } from '../signposts/units.js';
import { addDays } from './dates.js';
import { roundUsd } from '../core/rounding.js';
import { type CategoryScore, categoryScores, type PresetIndex, presetIndex } from './index-score.js';
import type { Weights } from '../signposts/presets.js';
import type { Observation } from '../core/types.js';
import { type SignpostValue, signpostValues } from './signpost-values.js';
import { type Evidence, readEvidence } from './evidence.js';
import type { Caveat } from '../sources/leaderboards/adapter.js';
import { configuredAdapter } from '../sources/leaderboards/read-table.js';
import { effectiveSources } from '../sources/catalogue.js';

export interface PresetResult extends PresetIndex {
  name: string;
  weights: Weights;
  /** Overall now minus 7 and 30 days before (null when that day has no evidence at all). */
  movement: { days7: number | null; days30: number | null };
  /** A move of 0.02 or more in a week is news. */
  news: boolean;
}

export interface SnapshotDocument {
  date: string;
  categories: Record<Category, CategoryScore>;
  presets: PresetResult[];
  signposts: SignpostValue[];
  activity: DayActivity & { spendUsd: number };
  history: { date: string; overall: Record<string, number> }[];
}

export interface SnapshotOptions {
  date: string;
  /** Also return (computing and storing where missing) the N days up to the date. */
  history: number;
  at: string;
}

/** A move of this much overall in 7 days is news (exact figures: allow for float noise). */
const NEWS = 0.02;

/** One day's index without movement: what is stored per (date, preset). */
interface Core {
  date: string;
  categories: Record<Category, CategoryScore>;
  presets: (PresetIndex & { name: string; weights: Weights })[];
  signposts: SignpostValue[];
  activity: DayActivity & { spendUsd: number };
}

/**
 * The AGI index of a date from the evidence dated up to it, stored per (date, preset) —
 * re-running replaces it — with movement against 7 and 30 days before, computing (and
 * storing) those days when they were never snapshotted.
 */
export async function takeSnapshot(
  db: Database,
  config: Config,
  options: SnapshotOptions,
  /** The evidence reader, when the caller has one already. */
  read?: Evidence,
): Promise<SnapshotDocument> {
  const wanted = new Set([addDays(options.date, -7), addDays(options.date, -30)]);
  for (let i = 1; i < options.history; i++) wanted.add(addDays(options.date, -i));
  const evidence = read ?? (await readEvidence(db, config));
  // One read of the window from the earliest of these days: the history's work, not the record's.
  if (!read) await evidence.prepare([options.date, ...wanted]);
  const core = await computeDay(db, config, options.date, evidence);
  await store(db, core, options.at);

  const past = await indexSeries(db, config, [...wanted], evidence, options.at);
  past.set(options.date, Object.fromEntries(core.presets.map((p) => [p.name, p.overall])));

  const presets = core.presets.map((p) => {
    const move = (days: number) => {
      const then = past.get(addDays(options.date, -days))?.[p.name];
      return then === undefined ? null : p.overall - then;
    };
    const movement = { days7: move(7), days30: move(30) };
    return { ...p, movement, news: movement.days7 !== null && Math.abs(movement.days7) >= NEWS - 1e-9 };
  });
  const history: SnapshotDocument['history'] = [];
  for (let i = options.history - 1; i >= 0; i--) {
    const d = addDays(options.date, -i);
    history.push({ date: d, overall: past.get(d) ?? {} });
  }
  return { ...core, presets, history: options.history > 0 ? history : [] };
}

/** Overall per preset on each date: stored, or computed (and stored) when never snapshotted. */
export async function indexSeries(
  db: Database,
  config: Config,
  dates: string[],
  evidence: Evidence,
  at: string,
): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (dates.length === 0) return out;
  const sorted = [...dates].sort();
  for (const row of await storedSnapshots(db, sorted[0] as string, sorted[sorted.length - 1] as string)) {
    if (!dates.includes(row.date)) continue;
    const entry = out.get(row.date) ?? {};
    entry[row.preset] = row.overall;
    out.set(row.date, entry);
  }
  for (const d of sorted) {
    const have = out.get(d);
    if (have && Object.keys(config.presets).every((p) => p in have)) continue;
    const core = await computeDay(db, config, d, evidence);
    await store(db, core, at);
    out.set(d, Object.fromEntries(core.presets.map((p) => [p.name, p.overall])));
  }
  return out;
}

async function computeDay(db: Database, config: Config, date: string, evidence: Evidence): Promise<Core> {
  // Only the readings that decide each signpost's value: the work of a day, not of the history.
  const signposts = signpostValues(config.signposts, await evidence.upTo(date), date);
  const categories = categoryScores(signposts);
  const presets = Object.entries(config.presets).map(([name, weights]) => ({
    name,
    weights,
    ...presetIndex(weights, categories),
  }));
  const activity = {
    ...(await dayActivity(db, date, addDays(date, 1))),
    spendUsd: roundUsd(await spentBetween(db, date, date)),
  };
  return { date, categories, presets, signposts, activity };
}

async function store(db: Database, core: Core, at: string): Promise<void> {
  const compact = core.signposts.map((s) => ({
    code: s.code,
    value: s.value,
    progress: s.progress,
    provisional: s.provisional,
    tier: s.evidence?.tier ?? null,
    date: s.evidence?.date ?? null,
    eventId: s.evidence?.eventId ?? null,
  }));
  const rows = core.presets.map((p) => ({
    preset: p.name,
    overall: p.overall,
    capability: p.capability,
    safetyMargin: p.safetyMargin,
    payload: JSON.stringify({
      weights: p.weights,
      categories: core.categories,
      signposts: compact,
      activity: core.activity,
    }),
  }));
  const evidence = core.signposts.flatMap((s) =>
    s.evidence && s.evidence.eventId !== null ? [{ signpost: s.code, eventId: s.evidence.eventId }] : [],
  );
  await saveSnapshot(db, core.date, rows, evidence, at);
}

export interface Explanation {
  signpost: SignpostValue;
  observations: (Observation & {
    /** rejected: outside the unit's range; withdrawn: a reviewer rejected or retracted it (`withdrawn` says which). */
    role: 'value' | 'counted' | 'if true' | 'no value' | 'rejected' | 'withdrawn';
  })[];
  /** What the publishers of the tables behind these readings warn of (METR: long horizons). */
  caveats: { text: string; above: number; sources: string[]; readingsAbove: number }[];
}

/** The observations behind one signpost's value on a date, best first, with their role. */
export async function explainSignpost(
  db: Database,
  config: Config,
  date: string,
  code: string,
  /** Every observation up to the date, when the caller has read them already. */
  read?: Observation[],
): Promise<Explanation | null> {
  // The withdrawn ones too: the explanation says which readings a reviewer took out, and why.
  const observations = (read ?? (await observationsUpTo(db, date, { withdrawn: true }))).filter(
    (o) => o.signpost === code && o.date <= date,
  );
  const [value] = signpostValues(
    config.signposts.filter((s) => s.code === code),
    observations.filter((o) => !o.withdrawn),
    date,
  );
  if (!value) return null;
  const sign = value.direction === '>=' ? -1 : 1;
  const listed = observations
    .map((o) => ({ ...o, role: roleOf(o, value) }))
    .sort(
      (a, b) =>
        (a.value === null ? 1 : b.value === null ? -1 : sign * (a.value - b.value)) || b.date.localeCompare(a.date),
    );
  return { signpost: value, observations: listed, caveats: caveatsOf(config, observations) };
}

/** The caveats of the leaderboard sources these readings came from, with how many readings pass their threshold. */
function caveatsOf(config: Config, observations: Observation[]): Explanation['caveats'] {
  const bySource = new Map<string, Caveat>();
  for (const source of effectiveSources(config)) {
    if (source.kind !== 'leaderboard') continue;
    try {
      const caveat = configuredAdapter(source).caveat;
      if (caveat) bySource.set(source.id, caveat);
    } catch {
      // A source its adapter cannot configure has no readings to warn about.
    }
  }
  const out = new Map<string, Explanation['caveats'][number]>();
  for (const o of observations) {
    const caveat = o.origin === 'leaderboard' ? bySource.get(o.sourceId) : undefined;
    if (!caveat) continue;
    const entry = out.get(caveat.text) ?? { text: caveat.text, above: caveat.above, sources: [], readingsAbove: 0 };
    if (!entry.sources.includes(o.sourceId)) entry.sources.push(o.sourceId);
    if (o.value !== null && o.value > caveat.above) entry.readingsAbove++;
    out.set(caveat.text, entry);
  }
  return [...out.values()];
}

function roleOf(o: Observation, value: SignpostValue): Explanation['observations'][number]['role'] {
  if (o.withdrawn) return 'withdrawn';
  if (o === value.evidence) return 'value';
  if (o.tier === 'C' || o.tier === 'D') return 'if true';
  if (o.value === null) return 'no value';
  return unitProblem(value.unit, o.value) === null ? 'counted' : 'rejected';
}
