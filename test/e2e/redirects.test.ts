import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { startServer, type TestServer } from '../helpers/server.js';

// Every server here is on 127.0.0.1, itself private: a redirect to another port is another
// origin on a private address, which is exactly what the SSRF guard must refuse.
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const SECRET = 'AKIA-INTERNAL-SECRET';

/** The "internal service": answers a feed with a secret in it to anyone who asks. */
async function internal() {
  const server = await startServer((_req, res) => {
    res.end(rss([{ title: `Internal ${SECRET}`, link: 'https://a.example/internal' }]));
  });
  servers.push(server);
  return server;
}

/** A feed server: /same redirects within its origin, /to?u=… redirects wherever it is told. */
async function redirector() {
  const server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/feed') return void res.end(rss([{ title: 'Public item', link: 'https://a.example/1' }]));
    res.statusCode = 302;
    res.setHeader('location', url.pathname === '/same' ? '/feed' : (url.searchParams.get('u') ?? '/'));
    res.end(`moved ${SECRET}`);
  });
  servers.push(server);
  return server;
}

async function fetchVia(feedUrl: string, http: Record<string, unknown> = {}) {
  const dir = tempDir();
  writeConfig(dir, {
    sources: [{ id: 's', kind: 'feed', url: feedUrl, category: 'lab', tier: 'B' }],
    http: { retries: 2, ...http },
  });
  const res = await runCli(['fetch', '--json'], { cwd: dir });
  const source = res.stdout ? JSON.parse(res.stdout).sources[0] : null;
  return { res, source, dir };
}

function stored(dir: string): { lastError: string | null; titles: string[] } {
  const db = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  try {
    const row = db.prepare('SELECT last_error FROM sources WHERE id = ?').get('s') as { last_error: string | null };
    const titles = (db.prepare('SELECT title FROM events').all() as { title: string }[]).map((r) => r.title);
    return { lastError: row.last_error, titles };
  } finally {
    db.close();
  }
}

describe('redirects stay where the operator pointed (SSRF)', () => {
  it('refuses a redirect to another origin on a private address, sends it nothing, leaks none of it', async () => {
    const target = await internal();
    const feeds = await redirector();
    const { res, source, dir } = await fetchVia(
      `${feeds.url}/to?u=${encodeURIComponent(`${target.url}/latest/meta-data`)}`,
    );
    expect(res.code).not.toBe(0);
    expect(source).toMatchObject({ status: 'failed', new: 0 });
    expect(source.error).toBe(
      `redirect to ${target.url} refused: 127.0.0.1 is not a ` +
        `public address (http.allowPrivateNetworks: true allows it)`,
    );
    expect(target.requests).toHaveLength(0);
    expect(feeds.requests).toHaveLength(1); // a refusal is final: not retried
    const { lastError, titles } = stored(dir);
    expect(lastError).toBe(source.error);
    expect(titles).toEqual([]);
    expect(res.stdout + res.stderr).not.toContain(SECRET);
  });

  it('refuses names resolving to loopback (localhost) at connect time, and private literals in any form', async () => {
    const target = await internal();
    const feeds = await redirector();
    const port = new URL(target.url).port;
    const { source } = await fetchVia(`${feeds.url}/to?u=${encodeURIComponent(`http://localhost:${port}/`)}`);
    expect(source.status).toBe('failed');
    expect(source.error).toMatch(
      new RegExp(
        `^redirect to http://localhost:${port} refused: localhost ` +
          `resolves to (127\\.0\\.0\\.1|::1), not a public address`,
      ),
    );
    expect(target.requests).toHaveLength(0);
    // Literals are refused before any connection is attempted, so these never leave the host.
    const literals = [
      [`http://[::1]:${port}/`, '::1'],
      [`http://[::ffff:127.0.0.1]:${port}/`, '::ffff:7f00:1'],
      [`http://2130706433:${port}/`, '127.0.0.1'],
      ['http://169.254.169.254/latest/meta-data/iam/', '169.254.169.254'],
      ['http://10.0.0.1/', '10.0.0.1'],
    ] as const;
    const dir = tempDir();
    writeConfig(dir, {
      sources: literals.map(([to], i) => ({
        id: `l${i}`,
        kind: 'feed',
        url: `${feeds.url}/to?u=${encodeURIComponent(to)}`,
        category: 'lab',
        tier: 'B',
      })),
    });
    const res = await runCli(['fetch', '--json'], { cwd: dir });
    const errors = JSON.parse(res.stdout).sources.map((s: { error: string }) => s.error);
    expect(errors).toEqual(
      literals.map(
        ([to, ip]) =>
          `redirect to ${new URL(to).origin} refused: ${ip} is not a ` +
          `public address (http.allowPrivateNetworks: true allows it)`,
      ),
    );
    expect(target.requests).toHaveLength(0);
  });

  it('follows a redirect within the configured origin, and any redirect with http.allowPrivateNetworks', async () => {
    const target = await internal();
    const feeds = await redirector();
    const same = await fetchVia(`${feeds.url}/same`);
    expect(same.res.code).toBe(0);
    expect(same.source).toMatchObject({ status: 'ok', new: 1 });

    const allowed = await fetchVia(`${feeds.url}/to?u=${encodeURIComponent(`${target.url}/feed`)}`, {
      allowPrivateNetworks: true,
    });
    expect(allowed.res.code).toBe(0);
    expect(allowed.source).toMatchObject({ status: 'ok', new: 1 });
    expect(target.requests).toHaveLength(1);
  });

  it('fetches the configured URL itself wherever it points', async () => {
    const target = await internal();
    const { res, source } = await fetchVia(`${target.url}/feed`);
    expect(res.code).toBe(0);
    expect(source).toMatchObject({ status: 'ok', new: 1 });
  });

  it('judges every hop against the configured origin: back home is fine, onward to a private one is not', async () => {
    const target = await internal();
    const feeds = await redirector();
    const other = await redirector(); // another private origin in the middle
    const home = `${feeds.url}/feed`;
    const viaOther = await fetchVia(
      `${feeds.url}/to?u=${encodeURIComponent(`${other.url}/to?u=${encodeURIComponent(home)}`)}`,
    );
    expect(viaOther.source.error).toMatch(/^redirect to http:\/\/127\.0\.0\.1:\d+ refused/);
    expect(other.requests).toHaveLength(0);
    const chain = await fetchVia(`${feeds.url}/to?u=${encodeURIComponent(`/to?u=${encodeURIComponent(target.url)}`)}`);
    expect(chain.source.error).toBe(
      `redirect to ${target.url} refused: 127.0.0.1 is not a ` +
        `public address (http.allowPrivateNetworks: true allows it)`,
    );
    expect(target.requests).toHaveLength(0);
  });

  it('config check shows the key (off by default) and refuses a non-boolean', async () => {
    const dir = tempDir();
    writeConfig(dir, {});
    const values = (await runCli(['config', 'check', '--json'], { cwd: dir })).stdout;
    expect(JSON.parse(values).values).toContainEqual({
      key: 'http.allowPrivateNetworks',
      value: false,
      origin: 'default',
    });
    writeConfig(dir, { http: { allowPrivateNetworks: 'yes' } });
    const bad = await runCli(['config', 'check'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/http\.allowPrivateNetworks must be true or false/);
  });
});
