import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/db/schema-version.js';
import { FIXTURES, runCli, tempDir } from '../helpers/cli.js';

// The released 0.1.0 (commit 85719bd, schema 5) wrote this file; see the header of the dump.
const DUMP = join(FIXTURES, 'agi-tracker-0.1.0.sql');
const at = { AGI_TRACKER_NOW: '2026-11-18T12:00:00.000Z' };

function released(): { dir: string; path: string } {
  const dir = tempDir();
  const path = join(dir, 'agi-tracker.db');
  const h = new Sqlite(path);
  h.exec(readFileSync(DUMP, 'utf8'));
  h.close();
  return { dir, path };
}

function read<T>(path: string, sql: string): T[] {
  const h = new Sqlite(path, { readonly: true });
  try {
    return h.prepare(sql).all() as T[];
  } finally {
    h.close();
  }
}

const EVENTS =
  'select id, source_id, title, canonical_url, content_hash, summary, published_at from events order by id';
const ANALYSES =
  'select event_id, provider, model, status, significance, tier, categories, signposts from analyses order by id';
const SNAPSHOTS =
  'select date, preset, overall, capability, safety_margin, payload from snapshots order by date, preset';
const DIGESTS = 'select week, payload, markdown from digests';

describe('a database written by 0.1.0', () => {
  it("upgrades in place: events, analyses, snapshots, digest and ledger survive; today's commands work", async () => {
    const { dir, path } = released();
    const before = {
      version: read<{ user_version: number }>(path, 'pragma user_version')[0]?.user_version,
      events: read(path, EVENTS),
      analyses: read(path, ANALYSES),
      snapshots: read(path, SNAPSHOTS),
      digests: read(path, DIGESTS),
    };
    expect(before.version).toBe(5);
    expect(before.events).toHaveLength(12);
    expect(before.snapshots.length).toBeGreaterThan(0);

    // The first command migrates; `budget` reads only the ledger.
    const budget = await runCli(['budget', '--json'], { cwd: dir, env: at });
    expect(budget.code, budget.stderr).toBe(0);
    // Every migration since, whoever added it (the lead renumbers them at merge).
    expect(read<{ user_version: number }>(path, 'pragma user_version')[0]?.user_version).toBe(SCHEMA_VERSION);
    expect(read(path, EVENTS)).toEqual(before.events);
    expect(read(path, ANALYSES)).toEqual(before.analyses);
    expect(read(path, SNAPSHOTS)).toEqual(before.snapshots);
    expect(read(path, DIGESTS)).toEqual(before.digests);

    // Ledger: 0.004 settled, plus a row 0.1.0 settled above its reservation, counted at its
    // reservation (0.02) and listed as an anomaly; the released call costs nothing.
    const report = JSON.parse(budget.stdout);
    expect(report.today).toMatchObject({ date: '2026-11-18', spentUsd: 0.024, reservedUsd: 0 });
    expect(report.month.spentUsd).toBeCloseTo(0.036, 9);
    expect(report.anomalies).toEqual([expect.objectContaining({ eventId: 3, costUsd: 0.02 })]);
    expect(read(path, "select count(*) as n from notices where kind = 'budget-warning'")).toEqual([{ n: 1 }]);

    // Reads of the old rows, through today's queries.
    const list = await runCli(['events', 'list', '--json', '--limit', '100'], { cwd: dir, env: at });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(12);
    const show = await runCli(['events', 'show', '3', '--json'], { cwd: dir, env: at });
    expect(show.code, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout).analyses).toEqual([expect.objectContaining({ provider: 'offline', status: 'ok' })]);
    const dedupe = await runCli(['dedupe-check', '--json'], { cwd: dir, env: at });
    expect(dedupe.code, dedupe.stderr).toBe(0);

    // Writes: the same samples again are all duplicates (identity kept). The offline rules have
    // changed since 0.1.0 (offline-rules-v2): their events are judged again once, for free, and
    // then nothing is left to analyse.
    const fetch = await runCli(['fetch', '--offline', '--json'], { cwd: dir, env: at });
    expect(fetch.code, fetch.stderr).toBe(0);
    expect(JSON.parse(fetch.stdout).totals.new).toBe(0);
    const analyze = await runCli(['analyze', '--provider', 'offline', '--json'], { cwd: dir, env: at });
    expect(analyze.code, analyze.stderr).toBe(0);
    expect(JSON.parse(analyze.stdout)).toMatchObject({ model: 'offline-rules-v2', analyzed: 12 });
    const again = await runCli(['analyze', '--provider', 'offline', '--json'], { cwd: dir, env: at });
    expect(JSON.parse(again.stdout).analyzed).toBe(0);

    // Re-running a day 0.1.0 snapshotted replaces that day's rows and no other.
    const others =
      "select date, preset, overall, payload from snapshots where date != '2026-11-18' order by date, preset";
    const otherDays = read(path, others);
    const snapshot = await runCli(['snapshot', '--date', '2026-11-18', '--json'], { cwd: dir, env: at });
    expect(snapshot.code, snapshot.stderr).toBe(0);
    const presets = (JSON.parse(snapshot.stdout).presets as { name: string }[]).map((p) => p.name).sort();
    expect(
      read<{ preset: string }>(path, "select preset from snapshots where date = '2026-11-18' order by preset").map(
        (r) => r.preset,
      ),
    ).toEqual(presets);
    expect(read(path, others)).toEqual(otherDays);

    const status = await runCli(['status', '--json'], { cwd: dir, env: at });
    expect(JSON.parse(status.stdout).database).toEqual({ path: expect.any(String), corrupt: null });
  });
});
