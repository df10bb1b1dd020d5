import type { Config } from '../config/config.js';
import type { EvidenceTier, Observation } from '../core/types.js';
import type { Database } from '../db/open-database.js';
import { observationsUpTo } from '../db/repos/observations-repo.js';
import {
  aReadingsBetween,
  decidingReadings,
  firmReadingsBetween,
  readingsAfter,
  type ReadingRow,
  type ReadingSpec,
} from '../db/repos/readings-repo.js';
import { reviewStates } from '../db/repos/reviews-repo.js';
import { eventsByIds } from '../db/repos/digest-repo.js';
import { unitProblem, unitRanges } from '../signposts/units.js';
import { addDays } from './dates.js';
import { FIRMING_DAYS, signpostValues } from './signpost-values.js';

/**
 * The observations a snapshot or a digest needs, read in proportion to the signposts rather
 * than the history: per signpost, the readings that decide its value (signpost_readings, by
 * index), beside every leaderboard reading, every reviewer's reading and the readings of the
 * few reviewed events (read as observationsUpTo reads them, since reviews reshape them).
 * signpostValues over `upTo(date)` equals signpostValues over observationsUpTo(date).
 */
export interface Evidence {
  /**
   * Reads once what every date in [min, max] of `dates` needs (the deciding readings at the
   * first, every reading of the window after it): `upTo` of those dates then costs no query.
   */
  prepare(dates: readonly string[]): Promise<void>;
  upTo(date: string): Promise<Observation[]>;
  /** The A/B readings dated in [from, to] that a unit accepts (a digest's new records), date order. */
  firmBetween(from: string, to: string): Promise<Observation[]>;
}

interface Window {
  from: string;
  to: string;
  read: Observation[];
  skip: (code: string) => number[];
  /** Per signpost: the deciding readings at `from`, then every reading dated in (from, to]. */
  rows: Map<string, { deciding: Observation[]; after: Observation[] }>;
}

export async function readEvidence(db: Database, config: Config): Promise<Evidence> {
  const reviews = await reviewStates(db);
  const reviewed = [...reviews.keys()];
  const specs = config.signposts.map((s): ReadingSpec => {
    const range = unitRanges()[s.unit];
    return {
      code: s.code,
      direction: s.direction,
      range: range
        ? { min: range.min, max: range.max, integer: range.integer === true, percent: s.unit === '%' }
        : null,
    };
  });
  /** The board, reviewed-event and reviewer readings up to a date, and the events each signpost's table rows skip. */
  const apart = async (date: string) => {
    const read = await observationsUpTo(db, date, { onlyEvents: reviewed, reviews });
    // A leaderboard event's analysis restates the reading the leaderboard already recorded.
    const skip = (code: string) => [
      ...reviewed,
      ...read
        .filter((o) => o.origin === 'leaderboard' && o.signpost === code && o.eventId !== null)
        .map((o) => o.eventId as number),
    ];
    return { read, skip };
  };
  let window: Window | null = null;
  /** A window's readings, read without their events: titled once one of them is shown. */
  const untitled = new Set<Observation>();
  const title = async (list: Observation[], date: string) => {
    const shown = signpostValues(config.signposts, list, date).flatMap((v) => [
      ...(v.evidence ? [v.evidence] : []),
      ...v.ifTrue,
    ]);
    const missing = shown.filter((o) => untitled.has(o));
    if (missing.length === 0) return;
    const events = new Map(
      (await eventsByIds(db, [...new Set(missing.map((o) => o.eventId as number))])).map((e) => [Number(e.id), e]),
    );
    for (const o of missing) {
      const e = events.get(o.eventId as number);
      if (!e) continue;
      o.title = e.title;
      o.url = e.url;
      o.sourceId = e.source_id;
      untitled.delete(o);
    }
  };

  /** Board, reviewed and table readings up to `date`: from the window when it holds them exactly. */
  const gather = async (date: string) => {
    const w = window;
    // A board reading dated after `date` but inside the window made the window skip an analysis
    // reading that still counts on `date`: read that date on its own (rare).
    const exact =
      w !== null &&
      w.from <= date &&
      date <= w.to &&
      !w.read.some((o) => o.origin === 'leaderboard' && o.eventId !== null && o.date > date);
    if (w && exact) {
      const fromTable = specs.flatMap((spec) => {
        const r = w.rows.get(spec.code);
        return r ? [...r.deciding, ...r.after.filter((o) => o.date <= date)] : [];
      });
      // No board reading dated after `date` in the window: it skips what `date` skips.
      return { read: w.read.filter((o) => o.date <= date), fromTable, skip: w.skip };
    }
    const { read, skip } = await apart(date);
    const fromTable: Observation[] = [];
    for (const spec of specs)
      fromTable.push(...(await decidingReadings(db, spec, date, skip(spec.code))).map(toObservation));
    return { read, fromTable, skip };
  };

  return {
    async prepare(dates) {
      if (dates.length === 0) return;
      const sorted = [...dates].sort();
      const from = sorted[0] as string;
      const to = sorted[sorted.length - 1] as string;
      const { read, skip } = await apart(to);
      const rows: Window['rows'] = new Map();
      for (const spec of specs)
        rows.set(spec.code, {
          deciding: (await decidingReadings(db, spec, from, skip(spec.code))).map(toObservation),
          after: (await readingsAfter(db, spec.code, from, to, skip(spec.code))).map((r) => {
            const o = toObservation({ ...r, title: '', url: '', sourceId: '' });
            untitled.add(o);
            return o;
          }),
        });
      window = { from, to, read, skip, rows };
    },
    async upTo(date) {
      const { read, fromTable, skip } = await gather(date);
      // Reviewers' readings last, as observationsUpTo orders them (ties go to the first).
      const list = [
        ...read.filter((o) => o.origin !== 'review'),
        ...fromTable,
        ...read.filter((o) => o.origin === 'review'),
      ];
      // A B value is provisional unless an A reading lies within 14 days of it: look for one.
      for (const value of signpostValues(config.signposts, list, date)) {
        const best = value.evidence;
        if (!value.provisional || !best) continue;
        const to = addDays(best.date, FIRMING_DAYS);
        const from = addDays(best.date, -FIRMING_DAYS);
        const near = await aReadingsBetween(db, value.code, from, to < date ? to : date, skip(value.code));
        const firming = near.find((r) => r.value !== null && unitProblem(value.unit, r.value) === null);
        if (firming) list.push(toObservation(firming));
      }
      await title(list, date);
      return list;
    },
    async firmBetween(from, to) {
      const { read, skip } = await apart(to);
      const firm = read.filter((o) => o.date >= from && (o.tier === 'A' || o.tier === 'B') && o.value !== null);
      const fromTable: Observation[] = [];
      for (const spec of specs)
        fromTable.push(...(await firmReadingsBetween(db, spec, from, to, skip(spec.code))).map(toObservation));
      return [...firm.filter((o) => o.origin !== 'review'), ...fromTable, ...firm.filter((o) => o.origin === 'review')];
    },
  };
}

function toObservation(r: ReadingRow): Observation {
  return {
    signpost: r.signpost,
    value: r.value,
    date: r.day,
    tier: r.tier as EvidenceTier,
    eventId: Number(r.eventId),
    title: r.title,
    url: r.url,
    sourceId: r.sourceId,
    origin: 'analysis',
  };
}
