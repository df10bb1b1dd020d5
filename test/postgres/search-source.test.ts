import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { freshPostgresUrl, queryPostgres } from '../helpers/postgres.js';

interface Hit {
  id: number;
  source: string;
}

describe('search --source on PostgreSQL', () => {
  it('filters on event_search’s own source column, kept in step with the event', async () => {
    const dir = tempDir();
    writeConfig(dir, {});
    const url = await freshPostgresUrl();
    const env = { AGI_TRACKER_DB: url };
    const search = async (...args: string[]): Promise<Hit[]> => {
      const res = await runCli(['search', ...args, '--json'], { cwd: dir, env });
      expect(res.stderr).toBe('');
      return (JSON.parse(res.stdout) as { results: Hit[] }).results;
    };
    expect((await runCli(['fetch', '--offline'], { cwd: dir, env })).code).toBe(0);
    const all = await search('model', '--limit', '100');
    const arxiv = all.filter((h) => h.source === 'sample:arxiv').map((h) => h.id);
    expect(arxiv.length).toBeGreaterThan(0);
    expect(arxiv.length).toBeLessThan(all.length);
    expect((await search('model', '--source', 'sample:arxiv', '--limit', '100')).map((h) => h.id).sort()).toEqual(
      [...arxiv].sort(),
    );
    const [row] = await queryPostgres<{ n: string }>(
      url,
      'select count(*) as n from event_search where source_id is null',
    );
    expect(row?.n).toBe('0');
    await queryPostgres(url, "update events set source_id = 'sample:lab-blog' where id = $1", [arxiv[0]]);
    expect((await search('model', '--source', 'sample:lab-blog', '--limit', '100')).map((h) => h.id)).toContain(
      arxiv[0],
    );
    expect((await search('model', '--source', 'sample:arxiv', '--limit', '100')).map((h) => h.id)).not.toContain(
      arxiv[0],
    );
  }, 60_000);
});
