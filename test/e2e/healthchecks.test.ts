import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { readBody, startServer, type TestServer } from '../helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface Ping {
  path: string;
  rid: string | null;
  body: string;
}

async function pingSink() {
  const pings: Ping[] = [];
  const sink = await startServer(async (req: IncomingMessage, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    pings.push({ path: url.pathname, rid: url.searchParams.get('rid'), body });
    res.end('OK');
  });
  servers.push(sink);
  return { sink, pings };
}

describe('healthcheck pings', () => {
  it('pings /start then success with one run id; a partial fetch pings success naming the failed source', async () => {
    const { sink, pings } = await pingSink();
    const feeds = await startServer((req, res) => {
      if (req.url === '/bad') {
        res.statusCode = 500;
        res.end();
      } else res.end(rss([{ title: 'Item', link: 'https://a.example/1' }]));
    });
    servers.push(feeds);
    const dir = tempDir();
    const src = (id: string) => ({ id, kind: 'feed', url: `${feeds.url}/${id}`, category: 'lab', tier: 'B' });
    const secret = `${sink.url}/ping/0f5c-secret-uuid`;
    writeConfig(dir, { sources: [src('good'), src('bad')], http: { retries: 0 }, healthchecks: { fetch: secret } });
    const res = await runCli(['fetch'], { cwd: dir });
    expect(res.code).toBe(3);
    expect(pings.map((p) => p.path)).toEqual(['/ping/0f5c-secret-uuid/start', '/ping/0f5c-secret-uuid']);
    expect(pings[0]?.rid).toMatch(/^[0-9a-f-]{36}$/);
    expect(pings[1]?.rid).toBe(pings[0]?.rid);
    expect(pings[1]?.body).toMatch(/partial/);
    expect(pings[1]?.body).toMatch(/bad: HTTP 500/);
    expect(res.stdout + res.stderr).not.toContain('secret-uuid');
  });

  it('pings /fail when the job fails, from the environment variable', async () => {
    const { sink, pings } = await pingSink();
    const dir = tempDir();
    writeConfig(dir, {
      sources: [{ id: 'x', kind: 'feed', url: 'http://127.0.0.1:9/nothing', category: 'lab', tier: 'B' }],
      http: { retries: 0, timeoutMs: 500 },
    });
    const res = await runCli(['fetch'], { cwd: dir, env: { HEALTHCHECK_URL_FETCH: `${sink.url}/p` } });
    expect(res.code).toBe(1); // every source failed: the job failed;
    expect(pings.map((p) => p.path)).toEqual(['/p/start', '/p/fail']);
  });

  it('never fails or stalls the job when the ping endpoint is down', async () => {
    const feeds = await startServer((_req, res) => {
      res.end(rss([{ title: 'Item', link: 'https://a.example/1' }]));
    });
    servers.push(feeds);
    const dir = tempDir();
    writeConfig(dir, {
      sources: [{ id: 'ok', kind: 'feed', url: `${feeds.url}/f`, category: 'lab', tier: 'B' }],
      healthchecks: { fetch: 'http://127.0.0.1:9/down' },
    });
    const started = Date.now();
    const res = await runCli(['fetch'], { cwd: dir });
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/healthcheck ping \(fetch start\) failed/);
    expect(res.stderr).not.toContain('127.0.0.1:9/down');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
