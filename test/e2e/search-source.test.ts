import { describe, expect, it } from 'vitest';
import { execSql } from '../helpers/analyze-fixture.js';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { migrations } from '../../src/db/migrations/index.js';

interface Hit {
  id: number;
  source: string;
}

async function search(dir: string, ...args: string[]): Promise<Hit[]> {
  const res = await runCli(['search', ...args, '--json'], { cwd: dir });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return (JSON.parse(res.stdout) as { results: Hit[] }).results;
}

describe('search --source (the source is part of the full-text match)', () => {
  it('keeps exactly that source’s matches, and the migration indexes a database that has events', async () => {
    const dir = tempDir();
    writeConfig(dir, {});
    expect((await runCli(['fetch', '--offline'], { cwd: dir })).code).toBe(0);
    const all = await search(dir, 'model', '--limit', '100');
    const arxiv = all.filter((h) => h.source === 'sample:arxiv').map((h) => h.id);
    expect(arxiv.length).toBeGreaterThan(0);
    expect(arxiv.length).toBeLessThan(all.length);
    const only = await search(dir, 'model', '--source', 'sample:arxiv', '--limit', '100');
    expect(only.map((h) => h.id).sort()).toEqual([...arxiv].sort());
    // A source id is one token: no part or prefix of it matches, and no word of a text matches it.
    expect(await search(dir, 'model', '--source', 'arxiv')).toEqual([]);
    expect(await search(dir, 'model', '--source', 'sample')).toEqual([]);
    expect((await search(dir, 's73616d706c653a6172786976')).length).toBe(0);
    // A move to another source follows (the index is kept by triggers).
    execSql(dir, "update events set source_id = 'sample:lab-blog' where id = ?", arxiv[0]);
    expect((await search(dir, 'model', '--source', 'sample:lab-blog', '--limit', '100')).map((h) => h.id)).toContain(
      arxiv[0],
    );

    // A database from before the migration: its index is rebuilt with every event's source.
    execSql(dir, 'delete from events_fts');
    execSql(dir, `pragma user_version = ${migrations.findIndex((m) => m.name === '0016-search-source')}`);
    const rebuilt = await search(dir, 'model', '--source', 'sample:arxiv', '--limit', '100');
    expect(rebuilt.map((h) => h.id).sort()).toEqual(arxiv.slice(1).sort());
  }, 60_000);
});
