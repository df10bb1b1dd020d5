import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { startFakeOpenAi, titleOf } from '../helpers/fake-openai.js';
import { rss } from '../helpers/feeds.js';
import { freshPostgresUrl, queryPostgres } from '../helpers/postgres.js';
import { routes, startServer } from '../helpers/server.js';

const LEAD = 'OpenAI releases o5 reasoning model';
const COPY = 'OpenAI Releases o5 Reasoning Model, Claims Big Gains';

describe('stories on PostgreSQL', () => {
  it('groups the reports, pays for the story once and keeps each tier', async () => {
    const feeds = await startServer(
      routes({
        '/lab': { body: rss([{ title: LEAD, link: 'https://lab.example/o5', date: '2026-11-18T09:00:00Z' }]) },
        '/news': { body: rss([{ title: COPY, link: 'https://news.example/o5', date: '2026-11-18T15:00:00Z' }]) },
      }),
    );
    const llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    try {
      const dir = tempDir();
      writeConfig(dir, {
        sources: [
          { id: 'lab', kind: 'feed', url: `${feeds.url}/lab`, category: 'lab', tier: 'B' },
          { id: 'news', kind: 'feed', url: `${feeds.url}/news`, category: 'news', tier: 'C' },
        ],
      });
      const url = await freshPostgresUrl();
      const env = {
        AGI_TRACKER_DB: url,
        AGI_TRACKER_NOW: '2026-11-20T12:00:00Z',
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: llm.baseUrl,
      };
      expect((await runCli(['fetch'], { cwd: dir, env })).code).toBe(0);
      const check = await runCli(['dedupe-check', '--json'], { cwd: dir, env });
      expect(JSON.parse(check.stdout).stories).toMatchObject([
        { lead: { title: LEAD, tier: 'B' }, alsoReportedBy: [{ title: COPY, tier: 'C' }] },
      ]);
      const analyzed = await runCli(['analyze', '--json'], { cwd: dir, env });
      expect(JSON.parse(analyzed.stdout)).toMatchObject({ analyzed: 1, reused: 1 });
      expect(llm.calls.map(titleOf)).toEqual([LEAD]);
      const tiers = await queryPostgres<{ title: string; tier: string }>(
        url,
        'select e.title, a.tier from analyses a join events e on e.id = a.event_id order by e.title',
      );
      expect(tiers).toEqual([
        { title: COPY, tier: 'C' },
        { title: LEAD, tier: 'B' },
      ]);
    } finally {
      await feeds.close();
      await llm.close();
    }
  });
});
