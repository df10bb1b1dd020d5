import { sql } from 'kysely';
import type { Database, Executor } from '../database.js';
import { SEEN_AT, currentAnalysisId } from './current-analysis.js';

const TIERS: readonly string[] = ['A', 'B', 'C', 'D'];

/**
 * Brings the signpost_readings rows of these events in line with their current analyses
 * (written in the caller's transaction, so a reader never sees an analysis without its rows).
 * Every writer that changes which analysis is current, or its readings, calls it.
 */
export async function refreshReadings(trx: Executor, eventIds: readonly number[]): Promise<void> {
  if (eventIds.length === 0) return;
  const ids = [...eventIds];
  await trx.deleteFrom('signpost_readings').where('event_id', 'in', ids).execute();
  const rows = await trx
    .selectFrom('events as e')
    .innerJoin('analyses as a', (join) => join.on((eb) => eb('a.id', '=', currentAnalysisId(eb))))
    .select(['e.id', 'a.tier', 'a.signposts', sql<string>`substr(${SEEN_AT}, 1, 10)`.as('day')])
    .where('e.id', 'in', ids)
    .where('a.signposts', '!=', '[]')
    .execute();
  const readings = rows.flatMap((r) => readingsOf(Number(r.id), r.tier, r.signposts, r.day));
  for (let i = 0; i < readings.length; i += 500)
    await trx
      .insertInto('signpost_readings')
      .values(readings.slice(i, i + 500))
      .execute();
}

/** An analysis's readings as rows: what observationsUpTo makes of the same JSON. */
export function readingsOf(eventId: number, tier: string | null, json: string | null, day: string) {
  const t = tier !== null && TIERS.includes(tier) ? tier : 'D';
  return links(json ?? '[]').map((s) => {
    const value = typeof s.value === 'number' && Number.isFinite(s.value) ? s.value : null;
    const whole = value !== null && Number.isInteger(value) ? 1 : 0;
    return { event_id: eventId, signpost: s.code, value, whole, tier: t, day };
  });
}

function links(json: string): { code: string; value?: unknown }[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((s): s is { code: string } => typeof s?.code === 'string') : [];
  } catch {
    return [];
  }
}

/** Every stored reading, in a stable order (tests compare it with a recomputation). */
export function allReadings(handle: Database) {
  return handle.db
    .selectFrom('signpost_readings')
    .select(['event_id', 'signpost', 'value', 'whole', 'tier', 'day'])
    .orderBy('event_id')
    .orderBy('signpost')
    .orderBy('value')
    .execute();
}

/** What makes a signpost's reading count: its direction and its unit's range. */
export interface ReadingSpec {
  code: string;
  direction: '>=' | '<=';
  /** Null: the unit has no range, so no reading of it counts. */
  range: { min: number; max: number; integer: boolean; percent: boolean } | null;
}

export interface ReadingRow {
  id: number;
  eventId: number;
  signpost: string;
  value: number | null;
  tier: string;
  day: string;
  title: string;
  url: string;
  sourceId: string;
}

type ReadingQuery = ReturnType<typeof readings>;

/** The readings of one signpost dated up to `date`, less those of `excluded` events, with their events. */
function readings(handle: Database, code: string, date: string, excluded: readonly number[]) {
  return handle.db
    .selectFrom('signpost_readings as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select([
      'r.id',
      'r.event_id as eventId',
      'r.signpost',
      'r.value',
      'r.tier',
      'r.day',
      'e.title',
      'e.url',
      'e.source_id as sourceId',
    ])
    .where('r.signpost', '=', code)
    .where('r.day', '<=', date)
    .$if(excluded.length > 0, (q) => q.where('r.event_id', 'not in', [...excluded]));
}

/** Readings its unit accepts (a finite number in range; whole where the unit wants it; no fraction of a percent). */
function usable(q: ReadingQuery, range: NonNullable<ReadingSpec['range']>): ReadingQuery {
  return q
    .where('r.value', '>=', range.min)
    .where('r.value', '<=', range.max)
    .$if(range.integer, (w) => w.where('r.whole', '=', 1))
    .$if(range.percent, (w) => w.where((eb) => eb.or([eb('r.value', '<=', 0), eb('r.value', '>=', 1)])));
}

/**
 * Through the signpost's indexes, the few readings that decide its value on `date`: its best
 * A/B reading (value, then tier, then the earliest), its latest five C and five D readings
 * and every reading its unit refuses (those are counted). Work in proportion to these rows,
 * not to the history.
 */
export async function decidingReadings(
  handle: Database,
  spec: ReadingSpec,
  date: string,
  excluded: readonly number[],
): Promise<ReadingRow[]> {
  const base = () => readings(handle, spec.code, date, excluded);
  const out: ReadingRow[] = [];
  const { range } = spec;
  if (range) {
    const dir = spec.direction === '>=' ? 'desc' : 'asc';
    out.push(
      ...(await usable(base(), range)
        .where('r.tier', 'in', ['A', 'B'])
        .orderBy('r.value', dir)
        .orderBy('r.tier')
        .orderBy('r.day')
        .orderBy('r.event_id')
        .limit(1)
        .execute()),
    );
  }
  for (const tier of ['C', 'D'])
    out.push(
      ...(await base().where('r.tier', '=', tier).orderBy('r.day', 'desc').orderBy('r.event_id').limit(5).execute()),
    );
  // A C/D reading its unit refuses is among the latest already: each reading once.
  const listed = new Set(out.map((r) => Number(r.id)));
  out.push(...(await refused(base, range)).filter((r) => !listed.has(Number(r.id))));
  return out;
}

/** The readings a unit refuses, each range of them read through an index. */
async function refused(base: () => ReadingQuery, range: ReadingSpec['range']): Promise<ReadingRow[]> {
  if (!range) return base().where('r.value', 'is not', null).execute();
  const parts = [
    base().where('r.value', '<', range.min),
    base().where('r.value', '>', range.max),
    ...(range.percent
      ? [
          base()
            .where('r.value', '>', 0)
            .where('r.value', '<', 1)
            .where('r.value', '>=', range.min)
            .where('r.value', '<=', range.max),
        ]
      : []),
    ...(range.integer
      ? [
          base()
            .where('r.whole', '=', 0)
            .where('r.value', '>=', range.min)
            .where('r.value', '<=', range.max)
            // Counted once: a fraction of a percent is refused above already.
            .$if(range.percent, (w) => w.where((eb) => eb.or([eb('r.value', '<=', 0), eb('r.value', '>=', 1)]))),
        ]
      : []),
  ];
  return (await Promise.all(parts.map((q) => q.execute()))).flat();
}

/** A reading without its event's title and link (a window holds many; few of them are shown). */
export type BareReading = Omit<ReadingRow, 'title' | 'url' | 'sourceId'>;

/**
 * Every reading of a signpost dated in (after, to], oldest first, whatever its tier or value:
 * a window's, through the tier and day index (one range per tier), without touching events.
 */
export function readingsAfter(
  handle: Database,
  code: string,
  after: string,
  to: string,
  excluded: readonly number[],
): Promise<BareReading[]> {
  return handle.db
    .selectFrom('signpost_readings as r')
    .select(['r.id', 'r.event_id as eventId', 'r.signpost', 'r.value', 'r.tier', 'r.day'])
    .where('r.signpost', '=', code)
    .where('r.tier', 'in', ['A', 'B', 'C', 'D'])
    .where('r.day', '>', after)
    .where('r.day', '<=', to)
    .$if(excluded.length > 0, (q) => q.where('r.event_id', 'not in', [...excluded]))
    .orderBy('r.day')
    .orderBy('r.event_id')
    .execute();
}

/**
 * The A readings dated in [from, to] (whether its unit accepts them is the caller's to judge):
 * through the tier and day index, so the work is the window's, whatever the values.
 */
export function aReadingsBetween(
  handle: Database,
  code: string,
  from: string,
  to: string,
  excluded: readonly number[],
): Promise<ReadingRow[]> {
  return readings(handle, code, to, excluded)
    .where('r.tier', '=', 'A')
    .where('r.day', '>=', from)
    .orderBy('r.day')
    .orderBy('r.event_id')
    .execute();
}

/** The A/B readings its unit accepts dated in [from, to] (a digest's week), in date order. */
export async function firmReadingsBetween(
  handle: Database,
  spec: ReadingSpec,
  from: string,
  to: string,
  excluded: readonly number[],
): Promise<ReadingRow[]> {
  if (!spec.range) return [];
  return usable(readings(handle, spec.code, to, excluded), spec.range)
    .where('r.tier', 'in', ['A', 'B'])
    .where('r.day', '>=', from)
    .orderBy('r.day')
    .orderBy('r.tier')
    .orderBy('r.event_id')
    .execute();
}
