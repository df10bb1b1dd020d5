import { analyzeJob } from '../../src/jobs/analyze.js';
import { digestJob } from '../../src/jobs/digest.js';
import { fetchJob } from '../../src/jobs/fetch.js';
import { snapshotJob } from '../../src/jobs/snapshot.js';
import { tempDir, writeConfig } from './cli.js';
import { rss } from './feeds.js';
import { jobContext } from './job-context.js';
import { routes, startServer, type TestServer } from './server.js';

/** Wednesday of ISO week 2026-W47: the digests of W45 and W46 are stored. */
export const PUBLISH_NOW = { AGI_TRACKER_NOW: '2026-11-18T08:00:00Z' };
export const BASE_URL = 'https://user.github.io/repo/';

/** The stored title of the hostile event (its feed sent it entity-encoded). */
export const HOSTILE_TITLE = '<script>alert("t")</script> ]]> reaches 80% on SWE-bench Verified';

/**
 * A record to publish: a lab feed (B) and a press feed (C) over two ISO weeks, one lab item
 * with markup and a CDATA terminator in its title and an event handler in its summary,
 * analysed offline; snapshots of the days, digests of W45 and W46.
 */
export async function publishedRecord(
  servers: TestServer[],
  config: Record<string, unknown> = {},
): Promise<{ dir: string; env: Record<string, string> }> {
  const lab = rss([
    {
      title: 'Lab model reaches 71% on SWE-bench Verified',
      link: 'https://lab.example/a',
      date: '2026-11-03T10:00:00Z',
    },
    { title: 'A 5 GW data center campus is under way', link: 'https://lab.example/c', date: '2026-11-05T10:00:00Z' },
    {
      title: '&lt;script&gt;alert("t")&lt;/script&gt; ]]&gt; reaches 80% on SWE-bench Verified',
      link: 'https://lab.example/x?a=1&b=2',
      date: '2026-11-10T10:00:00Z',
      description: 'A result. &lt;img src=x onerror=alert(1)&gt; [click](javascript:alert(2)) &amp; more',
    },
    { title: 'Our agent scores 82.5% on OSWorld', link: 'https://lab.example/b', date: '2026-11-12T10:00:00Z' },
  ]);
  const press = rss([
    {
      title: 'Rumour: a model hits 95% on SWE-bench Verified',
      link: 'https://press.example/r',
      date: '2026-11-11T10:00:00Z',
    },
  ]);
  const feeds = await startServer(routes({ '/lab': { body: lab }, '/press': { body: press } }));
  servers.push(feeds);
  const dir = tempDir();
  writeConfig(dir, {
    sources: [
      { id: 'lab', kind: 'feed', url: `${feeds.url}/lab`, category: 'lab', tier: 'B' },
      { id: 'press', kind: 'feed', url: `${feeds.url}/press`, category: 'news', tier: 'C' },
    ],
    publish: { baseUrl: BASE_URL },
    ...config,
  });
  const env = { ...PUBLISH_NOW };
  const ok = (verdict: string) => {
    if (verdict !== 'ok') throw new Error(`seeding the record: ${verdict}`);
  };
  ok((await fetchJob(jobContext(dir, env))).verdict);
  ok((await analyzeJob(jobContext(dir, env), { provider: 'offline' })).verdict);
  ok((await snapshotJob(jobContext(dir, env), { history: 21 })).verdict);
  for (const week of ['2026-W45', '2026-W46']) ok((await digestJob(jobContext(dir, env), { week })).verdict);
  return { dir, env };
}
