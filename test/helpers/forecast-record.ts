import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runCli, tempDir, writeConfig } from './cli.js';
import { startServer } from './server.js';

/** Successive SWE-bench Verified bests: 60, 66, 72 % at days 0, 60, 120 of 2026 (0.1 point a day), then 86. */
const BESTS = [
  { name: 'Agent A', resolved: 60, date: '2026-01-01' },
  { name: 'Agent B', resolved: 66, date: '2026-03-02' },
  { name: 'Agent C', resolved: 72, date: '2026-05-01' },
  { name: 'Agent D', resolved: 86, date: '2026-08-01' },
];

/** The beta forecaster, inline in config (alpha comes from test/fixtures/forecasts/alpha.json). */
export const beta = {
  forecaster: 'beta',
  name: 'Beta <b>Bets</b>',
  publications: [{ id: 'beta-post', title: 'Beta post', url: 'https://beta.example/post', published: '2025-01-10' }],
  forecasts: [
    {
      id: 'beta-swe85',
      signpost: 'swe_bench_85',
      kind: 'date',
      date: '2026-07-01',
      made: '2025-01-10',
      publication: 'beta-post',
    },
    {
      id: 'beta-swe90-guess',
      signpost: 'swe_bench_90',
      kind: 'date',
      date: '2027-01-01',
      made: '2025-01-10',
      publication: 'beta-post',
      provisional: true,
    },
  ],
};

/**
 * A record whose swe_bench readings come from a leaderboard served in versions, one new best
 * each (the adapter stores change-only observations), fetched once per version, with the
 * alpha (file, relative path) and beta (inline) forecasters in its config. `env` may point
 * AGI_TRACKER_DB at PostgreSQL.
 */
export async function forecastRecord(versions: number, env: Record<string, string> = {}): Promise<string> {
  let shown = 0;
  const server = await startServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    const results = BESTS.slice(0, shown).map((b, i) => ({ ...b, folder: `f${i}` }));
    res.end(JSON.stringify({ leaderboards: [{ name: 'Verified', results }] }));
  });
  try {
    const dir = tempDir();
    copyFileSync(join(FIXTURES, 'forecasts', 'alpha.json'), join(dir, 'alpha.json'));
    const url = `${server.url}/lb.json`;
    writeConfig(dir, {
      sources: [
        { id: 'board', kind: 'leaderboard', adapter: 'swe-bench-verified', url, tier: 'A', category: 'leaderboard' },
      ],
      forecasts: ['alpha.json', beta],
    });
    for (shown = 1; shown <= versions; shown++) {
      const fetched = await runCli(['fetch'], { cwd: dir, env: { AGI_TRACKER_NOW: '2026-08-10T00:00:00Z', ...env } });
      if (fetched.code !== 0) throw new Error(`fetch exited ${fetched.code}: ${fetched.stderr}`);
    }
    return dir;
  } finally {
    await server.close();
  }
}
