import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

// What only a process shows: the --json shape, the text table, the exit code, a quiet stderr.
// The fetch job's behaviour is tested in-process in test/jobs/fetch.test.ts.

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const source = (id: string, url: string) => ({ id, kind: 'feed', url, category: 'lab', tier: 'B' });

describe('fetch end to end', () => {
  it('prints the --json report and the text table; exit 0, nothing on stderr', async () => {
    const feed = rss([
      { title: 'RSS one', link: 'https://a.example/1' },
      { title: 'RSS two', link: 'https://a.example/2' },
    ]);
    server = await startServer(
      routes({
        '/rss': { body: feed },
        '/none': { body: rss([]).replace('</channel>', '<item><title>x</title><link>data:,x</link></item></channel>') },
      }),
    );
    const dir = tempDir();
    writeConfig(dir, { sources: [source('rss', `${server.url}/rss`), source('none', `${server.url}/none`)] });
    const first = await runCli(['fetch', '--json'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(Object.keys(report)).toEqual(['sources', 'totals']);
    expect(report.totals).toEqual({ fetched: 3, new: 2, duplicates: 0, skipped: 1, failed: 0 });
    expect(Object.keys(report.sources[0]).sort()).toEqual([
      'duplicates',
      'error',
      'fetched',
      'id',
      'ms',
      'new',
      'skipped',
      'status',
    ]);

    const text = await runCli(['fetch'], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^none\s+ok\s+1\s+0\s+0\s+1\s/m);
    expect(text.stdout).toMatch(/3 fetched, 0 new, 2 duplicates, 1 skipped, 0 failed/);
  });
});
