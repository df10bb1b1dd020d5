import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { freshPostgresUrl, queryPostgres } from '../helpers/postgres.js';

describe('review on PostgreSQL', () => {
  it('stores decisions that outrank the analysis, survive re-analysis, are exported and copied', async () => {
    const dir = tempDir();
    writeConfig(dir, { review: { by: 'ana' } });
    const url = await freshPostgresUrl();
    const env = { AGI_TRACKER_DB: url, AGI_TRACKER_NOW: '2026-11-30T12:00:00Z' };
    const ok = async (...args: string[]) => {
      const res = await runCli(args, { cwd: dir, env });
      expect(res.stderr, args.join(' ')).toBe('');
      expect(res.code, args.join(' ')).toBe(0);
      return res.stdout;
    };
    await ok('fetch', '--offline');
    await ok('analyze', '--provider', 'offline');
    const [paper] = await queryPostgres<{ id: string }>(
      url,
      `select id from events where title like 'Sample: An Open%'`,
    );
    const [board] = await queryPostgres<{ id: string }>(url, `select id from events where title like 'SWE-bench%'`);
    await ok('review', 'retract', String(board!.id), '--why', 'typo');
    await ok('review', 'set', String(paper!.id), 'swe_bench_85=81.5', '--why', 'table 2');
    await ok('analyze', '--provider', 'offline', '--force');
    const explained = JSON.parse(await ok('snapshot', '--explain', 'swe_bench_85', '--json'));
    expect(explained.signpost.value).toBe(81.5);
    expect(explained.observations.find((o: { eventId: number }) => o.eventId === Number(board!.id)).withdrawn.why).toBe(
      'typo',
    );
    const line = (await ok('export')).split('\n').find((l) => l.includes(`"id":${paper!.id},`)) as string;
    expect(JSON.parse(line).review.readings).toMatchObject([{ code: 'swe_bench_85', value: 81.5, by: 'ana' }]);

    const copy = `${dir}/copy.db`;
    await ok('db', 'copy', '--to', copy);
    const res = await runCli(['--db', copy, 'snapshot', '--explain', 'swe_bench_85', '--json'], {
      cwd: dir,
      env: { AGI_TRACKER_NOW: env.AGI_TRACKER_NOW },
    });
    expect(JSON.parse(res.stdout).signpost.value).toBe(81.5);
  });
});
