import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { freshPostgresUrl, queryPostgres } from '../helpers/postgres.js';

describe('analyze eval on PostgreSQL', () => {
  it('stores the run and --history reads it back', async () => {
    const dir = tempDir();
    writeConfig(dir, {});
    const url = await freshPostgresUrl();
    const env = { AGI_TRACKER_DB: url, AGI_TRACKER_NOW: '2026-11-20T12:00:00Z' };
    const res = await runCli(['analyze', 'eval', '--provider', 'offline', '--json'], { cwd: dir, env });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const r = JSON.parse(res.stdout);
    const rows = await queryPostgres<{ model: string; codes_precision: number; items: string }>(
      url,
      'select model, codes_precision, items from eval_runs',
    );
    expect(rows).toEqual([
      { model: 'offline-rules-v2', codes_precision: r.overall.codes.precision, items: String(r.gold.items) },
    ]);
    const history = await runCli(['analyze', 'eval', '--history', '--json'], { cwd: dir, env });
    expect(JSON.parse(history.stdout).runs).toMatchObject([
      { id: 1, at: '2026-11-20T12:00:00.000Z', model: 'offline-rules-v2', gold: { items: r.gold.items } },
    ]);
  });
});
