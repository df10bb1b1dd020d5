import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/open-database.js';
import { completeAnalysis } from '../../src/db/repos/analyses-repo.js';
import { observationsUpTo } from '../../src/db/repos/observations-repo.js';
import { allReadings, refreshReadings } from '../../src/db/repos/readings-repo.js';
import { cleanupJob } from '../../src/jobs/cleanup.js';
import { recordReview } from '../../src/jobs/review.js';
import { addDays } from '../../src/reports/dates.js';
import { readEvidence } from '../../src/reports/evidence.js';
import { signpostValues } from '../../src/reports/signpost-values.js';
import { tempDir } from '../helpers/cli.js';
import { jobContext } from '../helpers/job-context.js';

const NOW = '2026-11-20T12:00:00.000Z';
const env = { AGI_TRACKER_NOW: NOW };
const DAY = 86_400_000;

/** Readings chosen to hit every rule: ties, fractions of a percent, out of range, flags, C/D, no value. */
const READINGS: { code: string; value?: number }[][] = [
  [{ code: 'swe_bench_85', value: 60 }],
  [{ code: 'swe_bench_85', value: 0.78 }],
  [
    { code: 'swe_bench_85', value: 72.5 },
    { code: 'gpqa_sota', value: 81 },
  ],
  [{ code: 'swe_bench_85', value: 72.5 }],
  [{ code: 'swe_bench_85', value: 140 }],
  [{ code: 'gpqa_sota' }],
  [{ code: 'mandatory_evals', value: 0.5 }],
  [{ code: 'mandatory_evals', value: 1 }],
  [{ code: 'osworld_latency_10min', value: 30 }],
  [{ code: 'osworld_latency_10min', value: 12 }],
  [{ code: 'compute_1e26', value: 26.2 }],
  [],
];

/** Events 1..n over the last 120 days, each with an offline analysis (tier and readings in turn). */
async function record(n: number): Promise<string> {
  const dir = tempDir();
  await (await openDatabase(join(dir, 'agi-tracker.db'))).close();
  const h = new Sqlite(join(dir, 'agi-tracker.db'));
  const event = h.prepare(
    `insert into events (id, source_id, kind, title, url, canonical_url, content_hash, summary,
       published_at, fetched_at)
     values (?, 's', 'post', ?, ?, ?, ?, '', ?, ?)`,
  );
  h.transaction(() => {
    for (let id = 1; id <= n; id++) {
      const seen = new Date(Date.parse(NOW) - ((id * 37) % 120) * DAY).toISOString();
      event.run(id, `Event ${id}`, `https://e.example/${id}`, `https://e.example/${id}`, `h${id}`, seen, seen);
    }
  })();
  h.close();
  const db = await openDatabase(join(dir, 'agi-tracker.db'));
  try {
    for (let id = 1; id <= n; id++) await analyse(db, id, 'offline', 'ABCD'[id % 4] as string, READINGS[id % 12]);
  } finally {
    await db.close();
  }
  return dir;
}

/** A claim row completed through the store every analysis goes through. */
async function analyse(db: Database, eventId: number, provider: string, tier: string, links = READINGS[0]) {
  const row = await db.db
    .insertInto('analyses')
    .values({
      event_id: eventId,
      provider,
      model: provider === 'offline' ? 'offline-rules-v1' : 'gpt-4o-mini',
      prompt_version: 'v1',
      content_hash: `h${eventId}`,
      status: 'pending',
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const signposts = (links ?? []).map((l) => ({ ...l, confidence: 0.7 }));
  const result = { significance: 5, tier, categories: ['capabilities'], signposts, summary: 's', rationale: 'r' };
  await completeAnalysis(db, row.id, result, NOW);
}

/** What the index rests on, read both ways: the whole history, and the deciding readings. */
async function compare(db: Database, dir: string, dates: string[]) {
  const { config } = jobContext(dir, env);
  const full = async (d: string) => signpostValues(config.signposts, await observationsUpTo(db, d), d);
  const alone = await readEvidence(db, config);
  const windowed = await readEvidence(db, config);
  await windowed.prepare(dates);
  for (const d of dates) {
    const expected = await full(d);
    expect(signpostValues(config.signposts, await alone.upTo(d), d), d).toEqual(expected);
    expect(signpostValues(config.signposts, await windowed.upTo(d), d), d).toEqual(expected);
  }
  return full(dates[dates.length - 1] as string);
}

/** The readings table as kept by the writers, against the same rebuilt from every event's current analysis. */
async function expectReadingsRebuilt(db: Database) {
  const kept = await allReadings(db);
  const ids = (await db.db.selectFrom('events').select('id').execute()).map((r) => r.id);
  await db.writeTransaction(async (trx) => {
    await trx.deleteFrom('signpost_readings').execute();
    await refreshReadings(trx, ids);
  });
  expect(kept).toEqual(await allReadings(db));
  return kept;
}

describe('signpost readings kept by the writers', () => {
  it('equal a full recomputation after analyses, re-analyses, reviews, retractions, boards and cleanup', async () => {
    const dir = await record(96);
    const ctx = jobContext(dir, env);
    const dates = Array.from({ length: 65 }, (_, i) => addDays(NOW.slice(0, 10), -2 * i)).reverse();
    const db = await openDatabase(join(dir, 'agi-tracker.db'));
    try {
      expect((await expectReadingsRebuilt(db)).length).toBeGreaterThan(60);
      // An LLM analysis outranks the offline one (readings replaced, or gone), a newer one of the same provider too.
      await analyse(db, 3, 'openai', 'A', [{ code: 'swe_bench_85', value: 91 }]);
      await analyse(db, 15, 'openai', 'B', []);
      await analyse(db, 27, 'openai', 'A', [{ code: 'gpqa_sota', value: 95 }]);
      // A leaderboard restates event 40's reading: its analysis's stops counting twice.
      await db.db
        .insertInto('observations')
        .values({
          signpost: 'swe_bench_85',
          value: 88,
          observed_on: addDays(NOW.slice(0, 10), -30),
          tier: 'A',
          event_id: 40,
          source_id: 'board',
          model: 'm',
          created_at: NOW,
        })
        .execute();
      await analyse(db, 40, 'openai', 'B', [{ code: 'swe_bench_85', value: 89 }]);
      await expectReadingsRebuilt(db);
    } finally {
      await db.close();
    }
    await recordReview(ctx, { eventId: 3, action: 'retract', why: 'never happened', by: 't' });
    await recordReview(ctx, { eventId: 27, action: 'reject', by: 't' });
    await recordReview(ctx, { eventId: 52, action: 'set', reading: 'swe_bench_85=93', by: 't' });
    await recordReview(ctx, { eventId: 63, action: 'approve', by: 't' });
    const check = await openDatabase(join(dir, 'agi-tracker.db'));
    try {
      const values = await compare(check, dir, dates);
      expect(values.find((v) => v.code === 'swe_bench_85')?.value).toBe(93);
      expect(values.find((v) => v.code === 'swe_bench_85')?.rejected).toBeGreaterThan(0);
      expect(values.find((v) => v.code === 'mandatory_evals')?.rejected).toBeGreaterThan(0);
    } finally {
      await check.close();
    }
    // Cleanup takes the older half of the record, readings included.
    expect((await cleanupJob(ctx, { olderThanDays: 60 })).result.deleted.events).toBeGreaterThan(20);
    const after = await openDatabase(join(dir, 'agi-tracker.db'));
    try {
      const kept = await expectReadingsRebuilt(after);
      expect(kept.every((r) => r.day >= addDays(NOW.slice(0, 10), -60))).toBe(true);
      await compare(after, dir, dates);
    } finally {
      await after.close();
    }
  }, 120_000);
});
