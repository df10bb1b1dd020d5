import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function lastRunStatus(dir: string): string {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  const status = h
    .prepare("select status from job_runs where job = 'fetch' order by id desc limit 1")
    .pluck()
    .get() as string;
  h.close();
  return status;
}

describe('fetch exit codes', () => {
  it('exits 1 when every source failed (nothing stored), 3 when some did, 0 when none did', async () => {
    const up = new Set<string>();
    server = await startServer((req, res) => {
      const id = (req.url ?? '').slice(1);
      if (!up.has(id)) {
        res.statusCode = 500;
        res.end();
        return;
      }
      res.end(rss([{ title: `Item of ${id}`, link: `https://a.example/${id}` }]));
    });
    const dir = tempDir();
    writeConfig(dir, {
      sources: ['a', 'b'].map((id) => ({ id, kind: 'feed', url: `${server?.url}/${id}`, category: 'lab', tier: 'B' })),
      http: { retries: 0 },
    });

    const none = await runCli(['fetch', '--json'], { cwd: dir });
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).totals).toMatchObject({ new: 0, failed: 2 }); // the report still says what happened
    expect(JSON.parse(none.stderr.trim().split('\n').at(-1) ?? '').error).toEqual({
      code: 'fetch',
      message: 'every source failed (2 of 2); nothing was stored',
    });
    expect(lastRunStatus(dir)).toBe('failed');
    const plain = await runCli(['fetch'], { cwd: dir });
    expect(plain.code).toBe(1);
    expect(plain.stderr.trim().split('\n').at(-1)).toBe(
      'agi-tracker: every source failed (2 of 2); nothing was stored',
    );

    up.add('a');
    const some = await runCli(['fetch'], { cwd: dir });
    expect(some.code).toBe(3);
    expect(lastRunStatus(dir)).toBe('partial');

    up.add('b');
    expect((await runCli(['fetch'], { cwd: dir })).code).toBe(0);
    expect(lastRunStatus(dir)).toBe('success');
  });
});
