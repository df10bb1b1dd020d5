import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { cleanupJob } from '../../src/jobs/cleanup.js';
import { CLEANUP_BATCH } from '../../src/ops/cleanup.js';
import { collect, spawnCli, tempDir } from '../helpers/cli.js';
import { jobContext } from '../helpers/job-context.js';

const NOW = '2026-11-20T00:00:00.000Z';
const at = { AGI_TRACKER_NOW: NOW };
const DAY = 86_400_000;

/**
 * `old` events of 800 to 1,000 days ago and `recent` ones of the last year, inserted directly
 * in a shuffled order of dates; every old event has an offline analysis, every third an LLM
 * one too; the first `evidence` old events are snapshot evidence (kept).
 */
async function record(old: number, recent: number, evidence = 0): Promise<string> {
  const dir = tempDir();
  await (await openDatabase(join(dir, 'agi-tracker.db'))).close();
  const h = new Sqlite(join(dir, 'agi-tracker.db'));
  const event = h.prepare(
    `insert into events (id, source_id, kind, title, url, canonical_url, content_hash, summary,
       published_at, fetched_at)
     values (?, 's', 'post', ?, ?, ?, ?, '', ?, ?)`,
  );
  const analysis = h.prepare(
    `insert into analyses (event_id, provider, model, prompt_version, content_hash, status, attempts, significance,
       tier, categories, signposts, summary, rationale, created_at, updated_at)
     values (?, ?, ?, 'v1', ?, 'ok', 1, 5, 'B', '[]', '[]', 's', 'r', ?, ?)`,
  );
  const stored = Date.parse(NOW);
  h.transaction(() => {
    for (let i = 0; i < old + recent; i++) {
      const id = i + 1;
      const isOld = i < old;
      const days = isOld ? 800 + ((i * 7919) % 200) : (i * 7919) % 365;
      const seen = new Date(stored - days * DAY - i * 1000).toISOString();
      const url = `https://e.example/${id}`;
      event.run(id, `Event ${id}`, url, url, `hash-${id}`, seen, seen);
      if (!isOld) continue;
      analysis.run(id, 'offline', 'offline-rules-v1', `hash-${id}`, seen, seen);
      if (i % 3 === 0) analysis.run(id, 'openai', 'gpt-4o-mini', `hash-${id}`, seen, seen);
      if (i < evidence) h.prepare(`insert into snapshot_evidence values ('2024-01-01', 'swe_bench_85', ?)`).run(id);
    }
  })();
  h.close();
  return dir;
}

function query<T>(dir: string, sql: string): T {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  try {
    return h.prepare(sql).pluck().get() as T;
  } finally {
    h.close();
  }
}

/** Every gone event left its tombstone, no survivor has one, and no analysis lost its event. */
function expectConsistent(dir: string, events: number) {
  const left = query<number>(dir, 'select count(*) from events');
  expect(query<number>(dir, 'select count(*) from tombstones')).toBe(events - left);
  expect(
    query<number>(dir, 'select count(*) from tombstones t join events e on e.canonical_url = t.canonical_url'),
  ).toBe(0);
  expect(
    query<number>(dir, "select count(*) from tombstones where content_hash <> 'hash-' || substr(canonical_url, 19)"),
  ).toBe(0);
  expect(query<number>(dir, 'select count(*) from analyses where event_id not in (select id from events)')).toBe(0);
  return left;
}

describe('cleanup at scale', () => {
  it('deletes in batches, set-wise, every tombstone written, and counts the same on a dry run', async () => {
    const old = 2 * CLEANUP_BATCH + 500;
    const dir = await record(old, 700, 10);
    const analyses = old - 10 + (Math.ceil(old / 3) - Math.ceil(10 / 3)); // offline for all, LLM for every third
    const dry = (await cleanupJob(jobContext(dir, at), { dryRun: true })).result;
    expect(dry).toMatchObject({ deleted: { events: old - 10, analyses }, keptAsEvidence: 10 });
    expect(query<number>(dir, 'select count(*) from tombstones')).toBe(0);

    const done = await cleanupJob(jobContext(dir, at));
    expect(done.verdict).toBe('ok');
    expect(done.result).toMatchObject({ deleted: { events: old - 10, analyses }, keptAsEvidence: 10 });
    expect(expectConsistent(dir, old + 700)).toBe(700 + 10);
    expect(query<number>(dir, "select count(*) from events where title in ('Event 1', 'Event 10')")).toBe(2);
  });

  it('leaves whole batches when killed: each batch is all or nothing', async () => {
    const old = 40 * CLEANUP_BATCH;
    const dir = await record(old, 100);
    const child = spawnCli(['cleanup'], { cwd: dir, env: at });
    // Kill it as soon as a first batch is committed (the WAL lets this connection read meanwhile).
    const reader = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
    const tombstones = reader.prepare('select count(*) from tombstones').pluck();
    for (let waited = 0; (tombstones.get() as number) === 0 && waited < 60_000; waited += 2)
      await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    reader.close();
    expect((await collect(child)).signal).toBe('SIGKILL');

    const left = expectConsistent(dir, old + 100);
    expect(left).toBeGreaterThan(100); // killed halfway, not after the end
    expect((old + 100 - left) % CLEANUP_BATCH).toBe(0);
    expect((await cleanupJob(jobContext(dir, at))).result.deleted.events).toBe(left - 100);
    expect(expectConsistent(dir, old + 100)).toBe(100);
  }, 120_000);
});
