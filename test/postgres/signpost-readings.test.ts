import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { observationsUpTo } from '../../src/db/repos/observations-repo.js';
import { allReadings, refreshReadings } from '../../src/db/repos/readings-repo.js';
import { addDays } from '../../src/reports/dates.js';
import { readEvidence } from '../../src/reports/evidence.js';
import { signpostValues } from '../../src/reports/signpost-values.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { jobContext } from '../helpers/job-context.js';
import { freshPostgresUrl, queryPostgres } from '../helpers/postgres.js';

describe('signpost readings on PostgreSQL', () => {
  it('are kept by analyze, review and cleanup, and decide the same values as the whole history', async () => {
    const dir = tempDir();
    const url = await freshPostgresUrl();
    const NOW = '2026-11-30T12:00:00Z';
    const env = { AGI_TRACKER_DB: url, AGI_TRACKER_NOW: NOW };
    const ok = async (...args: string[]) => {
      const res = await runCli(args, { cwd: dir, env });
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
      return res.stdout;
    };
    await ok('fetch', '--offline');
    await ok('analyze', '--provider', 'offline');
    const [board] = await queryPostgres<{ id: string }>(url, `select id from events where title like 'SWE-bench%'`);
    await ok('review', 'retract', String(board!.id), '--why', 'typo', '--by', 't');
    await ok('analyze', '--provider', 'offline', '--force');
    await ok('cleanup', '--older-than', '400');

    const db = await openDatabase(url);
    try {
      const kept = await allReadings(db);
      expect(kept.length).toBeGreaterThan(0);
      const ids = (await db.db.selectFrom('events').select('id').execute()).map((r) => Number(r.id));
      await db.writeTransaction(async (trx) => {
        await trx.deleteFrom('signpost_readings').execute();
        await refreshReadings(trx, ids);
      });
      expect(await allReadings(db)).toEqual(kept);

      const { config } = jobContext(dir, env);
      const dates = Array.from({ length: 20 }, (_, i) => addDays(NOW.slice(0, 10), -40 * i)).reverse();
      const evidence = await readEvidence(db, config);
      await evidence.prepare(dates.slice(-8));
      for (const d of dates)
        expect(signpostValues(config.signposts, await evidence.upTo(d), d), d).toEqual(
          signpostValues(config.signposts, await observationsUpTo(db, d), d),
        );
    } finally {
      await db.close();
    }
  }, 120_000);
});
