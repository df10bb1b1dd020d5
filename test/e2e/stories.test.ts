import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { type FakeOpenAi, startFakeOpenAi, titleOf } from '../helpers/fake-openai.js';
import { rss } from '../helpers/feeds.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

const NOW = '2026-11-20T12:00:00Z';
let feeds: TestServer;
let llm: FakeOpenAi;
let dir: string;

const LEAD = 'OpenAI releases o5 reasoning model';
const COPY = 'OpenAI Releases o5 Reasoning Model, Claims Big Gains';

beforeAll(async () => {
  feeds = await startServer(
    routes({
      '/lab': {
        body: rss([
          { title: LEAD, link: 'https://lab.example/o5', date: '2026-11-18T09:00:00Z' },
          {
            title: 'GPT-4 tops the coding leaderboard',
            link: 'https://lab.example/gpt4',
            date: '2026-11-18T09:00:00Z',
          },
        ]),
      },
      '/news': {
        body: rss([
          // Later, from a weaker source: corroborates the lab's post.
          { title: COPY, link: 'https://news.example/o5', date: '2026-11-18T15:00:00Z' },
          // A different number is a different story.
          {
            title: 'GPT-5 tops the coding leaderboard',
            link: 'https://news.example/gpt5',
            date: '2026-11-18T10:00:00Z',
          },
          // The same headline weeks later is not the same news.
          {
            title: 'OpenAI releases o5 reasoning model update',
            link: 'https://news.example/o5-late',
            date: '2026-10-01T10:00:00Z',
          },
        ]),
      },
    }),
  );
  llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
  dir = tempDir();
  writeConfig(dir, {
    sources: [
      { id: 'lab', kind: 'feed', url: `${feeds.url}/lab`, category: 'lab', tier: 'B' },
      { id: 'news', kind: 'feed', url: `${feeds.url}/news`, category: 'news', tier: 'C' },
    ],
  });
  expect((await runCli(['fetch'], { cwd: dir, env: { AGI_TRACKER_NOW: NOW } })).code).toBe(0);
});
afterAll(async () => {
  await feeds.close();
  await llm.close();
});

const run = (...args: string[]) =>
  runCli(args, {
    cwd: dir,
    env: { AGI_TRACKER_NOW: NOW, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm.baseUrl },
  });
// After the week of the events is over.
const digest = (...args: string[]) =>
  runCli(['digest', '--week', '2026-W47', ...args], { cwd: dir, env: { AGI_TRACKER_NOW: '2026-11-24T12:00:00Z' } });

interface StoryJson {
  lead: { id: number; title: string; source: string; tier: string };
  alsoReportedBy: { title: string; source: string; tier: string }[];
}

describe('stories', () => {
  it('dedupe-check and events list --stories: a story, its lead (best tier, then earliest), the rest', async () => {
    const check = await run('dedupe-check', '--json');
    expect(check.code).toBe(0);
    const stories = JSON.parse(check.stdout).stories as StoryJson[];
    expect(stories.map((s) => [s.lead.title, s.lead.tier, s.alsoReportedBy.map((e) => [e.title, e.tier])])).toEqual([
      [LEAD, 'B', [[COPY, 'C']]],
    ]);
    const text = await run('dedupe-check');
    expect(text.stdout).toMatch(/stories \(one piece of news from several sources, last 30 days\): 1\n/);
    expect(text.stdout).toContain(`also #`);

    const listed = await run('events', 'list', '--stories', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual(stories);
    const table = await run('events', 'list', '--stories');
    expect(table.stdout).toMatch(/also reported by/);
    expect(table.stdout).toMatch(/news \(C, #\d+\)/);
    expect(JSON.parse((await run('events', 'list', '--stories', '--since', '1', '--json')).stdout)).toEqual([]);
  });

  it('analyses the lead once; the other report reuses it at its own tier', async () => {
    const res = await run('analyze', '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report).toMatchObject({ analyzed: 4, reused: 1 });
    // Five events, four calls: the story was sent once, with the lead's text.
    expect(llm.calls.map(titleOf).sort()).toEqual([
      'GPT-4 tops the coding leaderboard',
      'GPT-5 tops the coding leaderboard',
      LEAD,
      'OpenAI releases o5 reasoning model update',
    ]);
    const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
    const rows = h
      .prepare(
        `select e.title, a.tier, a.reused_from is not null as reused from analyses a join events e on e.id = a.event_id
         where e.title in (?, ?) order by e.title`,
      )
      .all(LEAD, COPY);
    h.close();
    // The analysis answers tier B; the C source's report keeps C.
    expect(rows).toEqual([
      { title: COPY, tier: 'C', reused: 1 },
      { title: LEAD, tier: 'B', reused: 0 },
    ]);
  });

  it('the digest lists a story once, with who else reported it', async () => {
    const res = await digest('--format', 'json');
    expect(res.code).toBe(0);
    const d = JSON.parse(res.stdout);
    const listed = [...d.topEvents.flatMap((g: { events: unknown[] }) => g.events), ...d.ifTrue] as {
      title: string;
      tier: string;
      alsoReportedBy: { source: string; tier: string }[];
    }[];
    const story = listed.filter((e) => e.title === LEAD || e.title === COPY);
    expect(story).toMatchObject([{ title: LEAD, tier: 'B', alsoReportedBy: [{ source: 'news', tier: 'C' }] }]);
    const md = await digest();
    expect(md.stdout).toContain('Also reported by [news](<https://news.example/o5>) (C).');
    expect(md.stdout).not.toContain('Claims Big Gains');
  });
});
