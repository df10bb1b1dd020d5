import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// The signpost readings of every event's current analysis, one row each, so a snapshot or a
// digest finds a signpost's best reading, its latest C/D ones and its impossible ones through
// an index (work in proportion to the signposts) instead of parsing every analysis with
// readings in the history. The writers keep it true (the analysis store, cleanup); this fills it
// for the analyses already stored. Plain Kysely schema builder and portable SQL: both backends.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('signpost_readings')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('event_id', 'integer', (c) => c.notNull())
    .addColumn('signpost', 'text', (c) => c.notNull())
    // Null: the analysis linked the signpost without a usable number.
    .addColumn('value', 'real')
    // 1 when the value is a whole number (units of whole numbers refuse the others).
    .addColumn('whole', 'integer', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    // The event's day (YYYY-MM-DD): its publication, else when it was fetched.
    .addColumn('day', 'text', (c) => c.notNull())
    .execute();
  // The best reading of a signpost (and those outside its unit's range) by value.
  await db.schema
    .createIndex('signpost_readings_value')
    .ifNotExists()
    .on('signpost_readings')
    .columns(['signpost', 'value'])
    .execute();
  // The latest C/D readings, A readings near a B one, and a window's readings (every tier), by tier and day.
  await db.schema
    .createIndex('signpost_readings_tier_day')
    .ifNotExists()
    .on('signpost_readings')
    .columns(['signpost', 'tier', 'day'])
    .execute();
  // Fractions in units of whole numbers.
  await db.schema
    .createIndex('signpost_readings_whole')
    .ifNotExists()
    .on('signpost_readings')
    .columns(['signpost', 'whole'])
    .execute();
  await db.schema
    .createIndex('signpost_readings_event')
    .ifNotExists()
    .on('signpost_readings')
    .column('event_id')
    .execute();
  await fill(db);
}

/**
 * The readings of the analyses already stored: each event's current analysis (the newest `ok`
 * one, an LLM's before the offline analyser's), as the application picks it in this version.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above.
async function fill(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('signpost_readings').execute();
  const { rows } = await sql<{ event_id: number; tier: string | null; signposts: string; day: string }>`
    select a.event_id, a.tier, a.signposts, substr(coalesce(e.published_at, e.fetched_at), 1, 10) as day
    from analyses a join events e on e.id = a.event_id
    where a.status = 'ok' and a.signposts != '[]' and a.id = (
      select c.id from analyses c where c.event_id = e.id and c.status = 'ok'
      order by (c.provider = 'offline'), c.updated_at desc, c.id desc limit 1)
    order by a.event_id`.execute(db);
  const readings = rows.flatMap((r) =>
    links(r.signposts).map((s) => {
      const value = typeof s.value === 'number' && Number.isFinite(s.value) ? s.value : null;
      const tier = r.tier !== null && ['A', 'B', 'C', 'D'].includes(r.tier) ? r.tier : 'D';
      return { event_id: Number(r.event_id), signpost: s.code, value, whole: whole(value), tier, day: r.day };
    }),
  );
  for (let i = 0; i < readings.length; i += 500)
    await db
      .insertInto('signpost_readings')
      .values(readings.slice(i, i + 500))
      .execute();
}

function links(json: string): { code: string; value?: unknown }[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((s): s is { code: string } => typeof s?.code === 'string') : [];
  } catch {
    return [];
  }
}

function whole(value: number | null): number {
  return value !== null && Number.isInteger(value) ? 1 : 0;
}
