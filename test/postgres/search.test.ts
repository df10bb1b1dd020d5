import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { freshPostgresUrl, queryPostgres } from '../helpers/postgres.js';

interface Hit {
  id: number;
  title: string;
  tier: string;
  snippet: string;
}

async function search(dir: string, db: string, ...args: string[]): Promise<Hit[]> {
  const res = await runCli(['search', ...args, '--json'], { cwd: dir, env: { AGI_TRACKER_DB: db } });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return (JSON.parse(res.stdout) as { results: Hit[] }).results;
}

describe('search on PostgreSQL', () => {
  it('finds, ranks and filters with PostgreSQL full-text search, kept in step by triggers', async () => {
    const dir = tempDir();
    writeConfig(dir, {});
    const url = await freshPostgresUrl();
    const env = { AGI_TRACKER_DB: url };
    expect((await runCli(['fetch', '--offline'], { cwd: dir, env })).code).toBe(0);

    const hits = await search(dir, url, 'scaling', 'laws');
    expect(hits.map((h) => h.title)).toEqual(['Sample: Scaling Laws for Reasoning Under a Fixed Compute Budget']);
    // The title outranks the summary; every word is required; stems match.
    const model = await search(dir, url, 'model');
    expect(model[0]?.title).toMatch(/model/i);
    expect(await search(dir, url, 'scaling', 'zeppelin')).toEqual([]);
    expect((await search(dir, url, 'model', '--tier', 'A')).every((h) => h.tier === 'A')).toBe(true);
    // Quotes and operators are only separators: nothing reaches to_tsquery's syntax.
    expect((await search(dir, url, "scaling & !laws | ' :*")).length).toBe(1);

    const id = hits[0]!.id;
    await queryPostgres(
      url,
      `insert into analyses (event_id, provider, model, prompt_version, content_hash, status, summary,
        created_at, updated_at) values ($1, 'offline', 'm', 'v', 'h', 'ok', 'A gigawatt milestone', 'x', 'x')`,
      [id],
    );
    expect((await search(dir, url, 'gigawatt')).map((h) => h.id)).toEqual([id]);
    await queryPostgres(url, `delete from events where id = $1`, [id]);
    expect(await search(dir, url, 'gigawatt')).toEqual([]);
  });

  it('has its index filled when a SQLite record is copied in', async () => {
    const dir = tempDir();
    writeConfig(dir, {});
    const file = join(dir, 'agi-tracker.db');
    expect((await runCli(['fetch', '--offline'], { cwd: dir })).code).toBe(0);
    const url = await freshPostgresUrl();
    const copy = await runCli(['db', 'copy', '--from', file, '--to', url], { cwd: dir });
    expect(copy.stderr).toBe('');
    expect(copy.code).toBe(0);
    expect((await search(dir, url, 'scaling', 'laws')).length).toBe(1);
  });
});
