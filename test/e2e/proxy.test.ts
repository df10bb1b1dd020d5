import { type IncomingMessage, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { startServer, type TestServer } from '../helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A proxy on 127.0.0.1 (HTTP CONNECT tunnels and absolute-form requests) that records the target hosts. */
async function startProxy() {
  const seen: string[] = [];
  // Plain HTTP targets may also come as absolute-form requests, which it forwards.
  const proxy = await startServer((req, res) => {
    const target = new URL(req.url ?? '');
    seen.push(target.host);
    const upstream = request(target, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      res.statusCode = 502;
      res.end();
    });
    req.pipe(upstream);
  });
  proxy.server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host === 'localhost' ? '127.0.0.1' : (host as string), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  servers.push(proxy);
  return { proxy, seen };
}

describe('outbound proxy', () => {
  it('sends feed requests and alert webhooks through HTTP_PROXY, and NO_PROXY exempts hosts', async () => {
    const { proxy, seen } = await startProxy();
    const feeds = await startServer((req, res) => {
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end(rss([{ title: 'Via proxy', link: 'https://a.example/1' }]));
    });
    servers.push(feeds);
    const hook = await startServer((req, res) => {
      req.resume();
      res.end();
    });
    servers.push(hook);
    const dir = tempDir();
    // "localhost" for the feed and the hook, so NO_PROXY=127.0.0.1 below can tell them apart.
    const feedUrl = feeds.url.replace('127.0.0.1', 'localhost');
    writeConfig(dir, {
      sources: [{ id: 'f', kind: 'feed', url: `${feedUrl}/feed`, category: 'lab', tier: 'B' }],
      http: { retries: 0 },
    });
    const env = { HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: '', no_proxy: '' };
    const res = await runCli(['fetch', '--json'], { cwd: dir, env });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).totals.new).toBe(1);
    expect(seen).toEqual([feedUrl.replace('http://', '')]);

    // The generic webhook goes through the proxy too (Node's fetch, via undici's agent).
    const alertDir = tempDir();
    writeConfig(alertDir, {
      sources: [{ id: 'down', kind: 'feed', url: `${feedUrl}/missing`, category: 'lab', tier: 'B' }],
      http: { retries: 0 },
      alerts: { webhookUrl: `${hook.url.replace('127.0.0.1', 'localhost')}/hook` },
    });
    seen.length = 0;
    for (let i = 0; i < 3; i++) await runCli(['fetch'], { cwd: alertDir, env });
    const hookHost = hook.url.replace('http://127.0.0.1', 'localhost');
    expect(seen).toContain(hookHost);

    seen.length = 0;
    const direct = await runCli(['fetch', '--json'], {
      cwd: dir,
      env: { ...env, NO_PROXY: 'localhost', no_proxy: 'localhost' },
    });
    expect(direct.code).toBe(0);
    expect(seen).toEqual([]);
  });

  it('through a proxy, refuses redirects to private literals and names resolving privately, first', async () => {
    const { proxy, seen } = await startProxy();
    const internal = await startServer((_req, res) => {
      res.end(rss([{ title: 'Internal only', link: 'https://a.example/internal' }]));
    });
    servers.push(internal);
    const port = new URL(internal.url).port;
    const feeds = await startServer((req, res) => {
      const to = new URL(req.url ?? '/', 'http://x').searchParams.get('u');
      if (!to) return void res.end(rss([{ title: 'Home', link: 'https://a.example/home' }]));
      res.statusCode = 302;
      res.setHeader('location', to);
      res.end();
    });
    servers.push(feeds);
    const feedUrl = feeds.url.replace('127.0.0.1', 'localhost');
    const src = (id: string, to: string) => ({
      id,
      kind: 'feed',
      url: `${feedUrl}/r?u=${encodeURIComponent(to)}`,
      category: 'lab',
      tier: 'B',
    });
    const dir = tempDir();
    writeConfig(dir, {
      sources: [
        src('literal', `${internal.url}/feed`),
        src('name', `http://localhost:${port}/feed`),
        src('home', `${feedUrl}/feed`),
      ],
      http: { retries: 0 },
    });
    const env = { HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: '', no_proxy: '' };
    const res = await runCli(['fetch', '--json'], { cwd: dir, env });
    const byId = Object.fromEntries(JSON.parse(res.stdout).sources.map((s: { id: string }) => [s.id, s]));
    expect(byId.literal.error).toBe(
      `redirect to ${internal.url} refused: 127.0.0.1 is not a ` +
        `public address (http.allowPrivateNetworks: true allows it)`,
    );
    expect(byId.name.error).toMatch(
      new RegExp(`^redirect to http://localhost:${port} refused: localhost resolves to (127\\.0\\.0\\.1|::1)`),
    );
    expect(byId.home).toMatchObject({ status: 'ok', new: 1 }); // its own origin: followed through the proxy
    expect(internal.requests).toHaveLength(0);
    expect(seen.every((host) => host === feedUrl.replace('http://', ''))).toBe(true);
  });
});
