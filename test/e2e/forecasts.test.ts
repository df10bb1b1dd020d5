import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { beta, forecastRecord } from '../helpers/forecast-record.js';

interface Row {
  id: string;
  forecaster: string;
  verdict: string;
  aheadDays: number | null;
  errorDays: number | null;
  insideInterval: boolean | null;
  outcome: number | null;
  brier: number | null;
  provisional: boolean;
}

async function forecasts(dir: string, now: string, ...args: string[]) {
  const res = await runCli(['forecasts', '--json', ...args], { cwd: dir, env: { AGI_TRACKER_NOW: now } });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as {
    asOf: string;
    signposts: { code: string; course: Record<string, unknown> }[];
    forecasts: Row[];
    leaderboard: Record<string, unknown>[];
  };
}

const byId = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.id, r]));
// The shipped forecasts (src/forecasts/data) are judged too; these tests follow the fixtures' own.
const FIXTURE_FORECASTERS = new Set(['alpha', 'beta']);
const ours = <T extends { id: string }>(rows: T[]): T[] =>
  rows.filter((r) => FIXTURE_FORECASTERS.has(r.id.split('-')[0] ?? ''));
const FIXTURE_SIGNPOSTS = new Set(['swe_bench_85', 'swe_bench_90']);

describe('agi-tracker forecasts', () => {
  it(
    'projects from three readings and judges each forecast; scores them once crossed',
    { timeout: 60_000 },
    async () => {
      const dir = await forecastRecord(3);
      // As of June: 60 + 0.1·x reaches 85 at x = 250 → 2026-09-08, 90 at x = 300 → 2026-10-28 (exact fit).
      const june = await forecasts(dir, '2026-06-01T12:00:00Z');
      expect(june.asOf).toBe('2026-06-01');
      expect(june.signposts.filter((s) => FIXTURE_SIGNPOSTS.has(s.code))).toEqual([
        expect.objectContaining({
          code: 'swe_bench_85',
          course: expect.objectContaining({ status: 'projected', method: 'linear', date: '2026-09-08', points: 3 }),
        }),
        expect.objectContaining({ code: 'swe_bench_90', course: expect.objectContaining({ date: '2026-10-28' }) }),
      ]);
      const rows = byId(june.forecasts);
      // Sep 8 → Dec 31: 22 + 31 + 30 + 31 = 114 days ahead.
      expect(rows['alpha-swe85-date']).toMatchObject({ verdict: 'ahead', aheadDays: 114, errorDays: null });
      // Jul 1 → Sep 8: 30 + 31 + 8 = 69 days behind.
      expect(rows['beta-swe85']).toMatchObject({ verdict: 'behind', aheadDays: -69 });
      // Oct 28 → Nov 15: 18 days, within 30: on track.
      expect(rows['alpha-swe90-median']).toMatchObject({ verdict: 'on track', aheadDays: 18 });
      expect(rows['alpha-swe85-prob']).toMatchObject({ verdict: 'pending', outcome: null, brier: null });
      expect(rows['beta-swe90-guess']).toMatchObject({ provisional: true });
      const fixtureBoard = (rows: Record<string, unknown>[]) =>
        rows.filter((l) => FIXTURE_FORECASTERS.has(String(l.forecaster)));
      expect(fixtureBoard(june.leaderboard).every((l) => l.scored === 0)).toBe(true);

      // The text table says the same, provisional entries marked.
      const text = await runCli(['forecasts'], { cwd: dir, env: { AGI_TRACKER_NOW: '2026-06-01T12:00:00Z' } });
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('ahead by 114 days');
      expect(text.stdout).toContain('behind by 69 days');
      expect(text.stdout).toMatch(/by 2027-01-01 \[provisional\]/);

      // The digest of Jun 22–28 lists what falls due by Sep 26 (Jun 28 + 90 days): only beta's Jul 1.
      const juneWeek = ['digest', '--week', '2026-W26', '--format', 'json'];
      const later = { AGI_TRACKER_NOW: '2026-07-01T12:00:00Z' };
      const juneDigest = JSON.parse((await runCli(juneWeek, { cwd: dir, env: later })).stdout);
      expect(juneDigest.forecasts).toMatchObject({ horizon: '2026-09-26', crossed: [] });
      expect(ours<Row>(juneDigest.forecasts.forecasts).map((f) => [f.id, f.verdict, f.aheadDays])).toEqual([
        ['beta-swe85', 'behind', -69],
      ]);

      // A fourth reading crosses 85 on Aug 1.
      const crossedDir = await forecastRecord(4);
      const august = await forecasts(crossedDir, '2026-08-15T12:00:00Z');
      expect(august.signposts[0]?.course).toEqual({ status: 'crossed', date: '2026-08-01', points: 4 });
      const scored = byId(august.forecasts);
      // Aug 1 − Dec 31 = −152 days; Aug 1 − Jul 1 = +31 (beyond 30: behind).
      expect(scored['alpha-swe85-date']).toMatchObject({ verdict: 'ahead', errorDays: -152 });
      expect(scored['beta-swe85']).toMatchObject({ verdict: 'behind', errorDays: 31 });
      // The shipped forecasts are judged alike: AI 2027 put 85% by 2025-08-31, 335 days before Aug 1, 2026.
      expect(scored['ai2027-swe-bench-85']).toMatchObject({ verdict: 'behind', errorDays: 335, provisional: false });
      // Crossed before Sep 30 with p = 0.8: Brier (0.8 − 1)² = 0.04.
      expect(scored['alpha-swe85-prob']).toMatchObject({ verdict: 'resolved', outcome: 1 });
      expect(scored['alpha-swe85-prob']?.brier).toBeCloseTo(0.04, 10);
      expect(fixtureBoard(august.leaderboard)).toEqual([
        expect.objectContaining({ forecaster: 'beta', forecasts: 1, scored: 1, meanAbsErrorDays: 31, meanBrier: null }),
        expect.objectContaining({
          forecaster: 'alpha',
          scored: 1,
          meanAbsErrorDays: 152,
          brierScored: 1,
          meanBrier: 0.04,
        }),
      ]);

      // snapshot --explain shows them beside the evidence.
      const explainArgs = ['snapshot', '--explain', 'swe_bench_85'];
      const env = { AGI_TRACKER_NOW: '2026-08-15T12:00:00Z' };
      const explained = JSON.parse((await runCli([...explainArgs, '--json'], { cwd: crossedDir, env })).stdout);
      expect(explained.forecasts.course).toEqual({ status: 'crossed', date: '2026-08-01', points: 4 });
      expect(ours<Row>(explained.forecasts.forecasts).map((f) => [f.id, f.errorDays])).toEqual([
        ['beta-swe85', 31],
        ['alpha-swe85-prob', null],
        ['alpha-swe85-date', -152],
      ]);
      const explainText = (await runCli(explainArgs, { cwd: crossedDir, env })).stdout;
      expect(explainText).toContain('forecasts (crossed 2026-08-01):');
      expect(explainText).toContain('−152 days');

      // The digest of the week of the crossing (Jul 27 – Aug 2) lists it and its forecasts.
      const week = ['digest', '--week', '2026-W31'];
      const digest = JSON.parse((await runCli([...week, '--format', 'json'], { cwd: crossedDir, env })).stdout);
      expect(digest.forecasts.crossed).toEqual([
        { signpost: 'swe_bench_85', name: 'SWE-bench Verified 85%', date: '2026-08-01' },
      ]);
      // The swe_bench_90 forecasts fall due after Oct 31 (Aug 2 + 90 days): left out.
      expect(digest.forecasts.horizon).toBe('2026-10-31');
      expect(ours<Row>(digest.forecasts.forecasts).map((f) => f.id)).toEqual([
        'beta-swe85',
        'alpha-swe85-prob',
        'alpha-swe85-date',
      ]);
      const markdown = (await runCli(week, { cwd: crossedDir, env })).stdout;
      expect(markdown).toContain('## Forecasts (crossed this week, or due by 2026-10-31)');
      expect(markdown).toContain('by 2026-07-01 — behind by 31 days, error \\+31 days');
      const html = (await runCli([...week, '--format', 'html'], { cwd: crossedDir, env })).stdout;
      expect(html).toContain('Beta &lt;b&gt;Bets&lt;/b&gt; on <b>swe_bench_85</b>');
      expect(html).not.toContain('<b>Bets</b>');

      // The site's signpost pages show them too; a signpost nobody forecast shows none.
      const site = await runCli(['site', '--out', 'site'], { cwd: crossedDir, env });
      expect(site.code, site.stderr).toBe(0);
      const page = readFileSync(join(crossedDir, 'site', 'signposts', 'swe_bench_85.html'), 'utf8');
      expect(page).toContain('<h2>Forecasts</h2>\n<p>crossed 2026-08-01</p>');
      expect(page).toContain('Beta &lt;b&gt;Bets&lt;/b&gt;: by 2026-07-01 — behind by 31 days, error +31 days');
      const unforecast = readFileSync(join(crossedDir, 'site', 'signposts', 'gpqa_sota.html'), 'utf8');
      expect(unforecast).not.toContain('<h2>Forecasts</h2>');

      // Filters.
      const onlyBeta = await forecasts(crossedDir, '2026-08-15T12:00:00Z', '--forecaster', 'beta');
      expect(onlyBeta.forecasts.map((f) => f.id)).toEqual(['beta-swe85', 'beta-swe90-guess']);
      const only90 = await forecasts(crossedDir, '2026-08-15T12:00:00Z', '--signpost', 'swe_bench_90');
      expect(only90.forecasts.map((f) => f.id)).toEqual(['alpha-swe90-median', 'beta-swe90-guess']);
      expect(only90.signposts.map((s) => s.code)).toEqual(['swe_bench_90']);
    },
  );

  it('refuses a bad forecasts file, an unknown signpost or forecaster: exit 2, one line', async () => {
    const dir = tempDir();
    writeConfig(dir, { forecasts: [join(FIXTURES, 'forecasts', 'bad-date.json')] });
    const bad = await runCli(['forecasts'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('forecasts[0] (');
    expect(bad.stderr).toContain('bad-date.json): forecasts[0].date must be a real day as YYYY-MM-DD');

    writeConfig(dir, { forecasts: ['missing.json'] });
    const missing = await runCli(['forecasts', '--json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stderr).error).toMatchObject({ code: 'config' });
    expect(JSON.parse(missing.stderr).error.message).toContain('forecasts[0] (missing.json): cannot be read');

    const unknownSignpost = { ...beta, forecasts: [{ ...beta.forecasts[0], signpost: 'no_such_signpost' }] };
    writeConfig(dir, { forecasts: [unknownSignpost] });
    const unknown = await runCli(['forecasts'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('forecasts: beta/beta-swe85 names an unknown signpost "no_such_signpost"');

    writeConfig(dir, { forecasts: [beta] });
    const who = await runCli(['forecasts', '--forecaster', 'gamma'], { cwd: dir });
    expect(who.code).toBe(2);
    expect(who.stderr).toContain('--forecaster: unknown forecaster "gamma" (known: ');
    expect(who.stderr).toMatch(/known: [^)]*\bbeta\b/);
    const what = await runCli(['forecasts', '--signpost', 'nope'], { cwd: dir });
    expect(what.code).toBe(2);
    expect(what.stderr).toContain('--signpost: unknown signpost "nope"');
  });
});
