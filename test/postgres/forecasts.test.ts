import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { forecastRecord } from '../helpers/forecast-record.js';
import { freshPostgresUrl } from '../helpers/postgres.js';

describe('forecasts on PostgreSQL', () => {
  it('gives the same `forecasts --json` as SQLite for the same record', { timeout: 120_000 }, async () => {
    const url = await freshPostgresUrl();
    const onSqlite = await forecastRecord(3);
    const onPostgres = await forecastRecord(3, { AGI_TRACKER_DB: url });
    const at = { AGI_TRACKER_NOW: '2026-06-01T12:00:00Z' };
    const sqlite = await runCli(['forecasts', '--json'], { cwd: onSqlite, env: at });
    const postgres = await runCli(['forecasts', '--json'], { cwd: onPostgres, env: { ...at, AGI_TRACKER_DB: url } });
    expect(postgres.stderr).toBe('');
    expect(postgres.code).toBe(0);
    expect(sqlite.code).toBe(0);
    const report = JSON.parse(postgres.stdout);
    // The record really is there: three readings, a projection.
    expect(report.signposts[0].course).toMatchObject({ status: 'projected', points: 3, date: '2026-09-08' });
    expect(postgres.stdout).toBe(sqlite.stdout);
  });
});
