import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const feedBody = rss([{ title: 'Fine item', link: 'https://a.example/fine' }]);

async function fetchOne(handler: Parameters<typeof startServer>[0], http: Record<string, unknown> = {}) {
  server = await startServer(handler);
  const dir = tempDir();
  writeConfig(dir, {
    sources: [{ id: 'src', kind: 'feed', url: `${server.url}/feed`, category: 'lab', tier: 'B' }],
    http,
  });
  const res = await runCli(['fetch', '--json'], { cwd: dir });
  const report = res.stdout ? JSON.parse(res.stdout) : null;
  return { res, report, source: report?.sources[0], dir };
}

describe('fetch survives misbehaving sources', () => {
  it('retries 5xx and then succeeds', async () => {
    let calls = 0;
    const { res, source } = await fetchOne((_req, res) => {
      calls++;
      if (calls < 3) {
        res.statusCode = 503;
        res.end('busy');
        return;
      }
      res.end(feedBody);
    });
    expect(res.code).toBe(0);
    expect(source).toMatchObject({ status: 'ok', new: 1 });
    expect(calls).toBe(3);
  });

  it('honours a short Retry-After on 429', async () => {
    const times: number[] = [];
    const { res, source } = await fetchOne((_req, res) => {
      times.push(Date.now());
      if (times.length === 1) {
        res.statusCode = 429;
        res.setHeader('retry-after', '1');
        res.end();
        return;
      }
      res.end(feedBody);
    });
    expect(res.code).toBe(0);
    expect(source.status).toBe('ok');
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(950);
  });

  it('fails a source whose Retry-After is too long and does not ask it again before then', async () => {
    let calls = 0;
    const { res, source, dir } = await fetchOne((_req, res) => {
      calls++;
      res.statusCode = 429;
      res.setHeader('retry-after', '3600');
      res.end();
    });
    expect(res.code).toBe(1); // its only source failed;
    expect(source.error).toMatch(/retry after 3600 s/);
    const again = await runCli(['fetch', '--json'], { cwd: dir });
    expect(JSON.parse(again.stdout).sources[0].status).toBe('paused');
    expect(calls).toBe(1);
    const list = await runCli(['sources', 'list', '--json'], { cwd: dir });
    expect(JSON.parse(list.stdout)[0]).toMatchObject({
      id: 'src',
      consecutiveFailures: 1,
      pausedUntil: expect.any(String),
    });
  });

  it('times out a hanging server', async () => {
    const started = Date.now();
    const { res, source } = await fetchOne(() => {}, { timeoutMs: 300, retries: 1 });
    expect(res.code).toBe(1); // its only source failed;
    expect(source).toMatchObject({ status: 'failed', error: 'timed out after 300 ms' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rejects an HTML page, broken XML and a redirect loop with clear errors', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/html') {
        res.setHeader('content-type', 'text/html');
        res.end('<!DOCTYPE html><html><head><title>Blog</title></head><body><p>hi</p></body></html>');
      } else if (req.url === '/broken') {
        res.end(
          '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</item></channel></rss>',
        );
      } else {
        res.statusCode = 302;
        res.setHeader('location', req.url === '/loop-a' ? '/loop-b' : '/loop-a');
        res.end();
      }
    });
    const dir = tempDir();
    const src = (id: string) => ({ id, kind: 'feed', url: `${server?.url}/${id}`, category: 'lab', tier: 'B' });
    writeConfig(dir, { sources: [src('html'), src('broken'), src('loop-a')] });
    const res = await runCli(['fetch', '--json'], { cwd: dir });
    expect(res.code).toBe(1); // every source failed;
    const errors = Object.fromEntries(
      JSON.parse(res.stdout).sources.map((s: { id: string; error: string }) => [s.id, s.error]),
    );
    expect(errors.html).toBe('got an HTML page, not a feed');
    expect(errors.broken).toMatch(/^malformed feed: /);
    expect(errors['loop-a']).toBe('more than 5 redirects');
    expect(res.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });

  it('caps the body on the decompressed stream, plain or gzip', async () => {
    const huge =
      `<?xml version="1.0"?><rss ` + `version="2.0"><channel><title>${'x'.repeat(300_000)}</title></channel></rss>`;
    const gz = gzipSync(huge);
    expect(gz.length).toBeLessThan(100_000); // small on the wire, large once inflated
    server = await startServer((req, res) => {
      if (req.url === '/gz') {
        res.setHeader('content-encoding', 'gzip');
        res.end(gz);
      } else res.end(huge);
    });
    const dir = tempDir();
    const src = (id: string) => ({ id, kind: 'feed', url: `${server?.url}/${id}`, category: 'lab', tier: 'B' });
    writeConfig(dir, { sources: [src('plain'), src('gz')], http: { maxBodyBytes: 200_000 } });
    const res = await runCli(['fetch', '--json'], { cwd: dir });
    for (const s of JSON.parse(res.stdout).sources) {
      expect(s).toMatchObject({ status: 'failed', error: 'response body exceeds the 200000-byte cap' });
    }
  });

  it('decodes Latin-1 (HTTP charset) and UTF-16 (BOM) feeds', async () => {
    const latin = iconv.encode(
      rss([{ title: 'Ação em São Paulo — café', link: 'https://a.example/acao' }])
        .replace('UTF-8', 'ISO-8859-1')
        .replace('—', '-'),
      'latin1',
    );
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode(
        rss([{ title: 'Überblick: 東京 ☃', link: 'https://a.example/u16' }]).replace('UTF-8', 'UTF-16'),
        'utf-16le',
      ),
    ]);
    server = await startServer((req, res) => {
      if (req.url === '/latin') {
        res.setHeader('content-type', 'application/rss+xml; charset=ISO-8859-1');
        res.end(latin);
      } else {
        res.setHeader('content-type', 'application/rss+xml');
        res.end(utf16);
      }
    });
    const dir = tempDir();
    const src = (id: string) => ({ id, kind: 'feed', url: `${server?.url}/${id}`, category: 'lab', tier: 'B' });
    writeConfig(dir, { sources: [src('latin'), src('utf16')] });
    expect((await runCli(['fetch'], { cwd: dir })).code).toBe(0);
    const list = await runCli(['events', 'list', '--json'], { cwd: dir });
    const titles = JSON.parse(list.stdout)
      .map((e: { title: string }) => e.title)
      .sort();
    expect(titles).toEqual(['Ação em São Paulo - café', 'Überblick: 東京 ☃']);
  });

  it('pauses a gone (410) feed for the maximum at once', async () => {
    const { source, dir } = await fetchOne((_req, res) => {
      res.statusCode = 410;
      res.end();
    });
    expect(source.error).toMatch(/410/);
    const list = JSON.parse((await runCli(['sources', 'list', '--json'], { cwd: dir })).stdout);
    const pausedFor = Date.parse(list[0].pausedUntil) - Date.now();
    expect(pausedFor).toBeGreaterThan(23 * 3_600_000);
  });

  it('quotes no more than a short, clean prefix of a body that is not a feed, wherever the error lands', async () => {
    // What an internal endpoint might answer: credentials, over several lines, with a bidi override.
    const secret = 'ami-id\n\u202Ehostname\u0085\nAccessKeyId=ASIA-SECRET-0123456789\nSecretAccessKey=wJalr-SECRET';
    server = await startServer((req, res) => {
      res.setHeader('content-type', 'text/plain');
      if (req.url === '/xml') res.end(`<?xml version="1.0"?><${'credentials'.repeat(400)}>ASIA-SECRET</x>`);
      else res.end(secret);
    });
    const dir = tempDir();
    writeConfig(dir, {
      sources: [
        { id: 'text', kind: 'feed', url: `${server.url}/text`, category: 'lab', tier: 'B' },
        { id: 'xml', kind: 'feed', url: `${server.url}/xml`, category: 'lab', tier: 'B' },
        {
          id: 'board',
          kind: 'leaderboard',
          adapter: 'swe-bench-verified',
          url: `${server.url}/board`,
          category: 'leaderboard',
          tier: 'A',
        },
      ],
      http: { retries: 0 },
    });
    const res = await runCli(['fetch', '--json'], { cwd: dir });
    const errors = Object.fromEntries(
      JSON.parse(res.stdout).sources.map((s: { id: string; error: string }) => [s.id, s.error]),
    );
    expect(errors.text).toBe('not XML: body starts with "ami-id hostname Acce…"');
    expect(errors.board).toBe(
      'leaderboard swe-bench-verified: not valid JSON: body starts with "ami-id hostname Acce…"',
    );
    expect(errors.xml).toBe(`XML is not a feed (root element <${'credentials'.repeat(4).slice(0, 40)}…>)`);
    const status = await runCli(['status', '--json'], { cwd: dir });
    for (const text of [res.stdout, res.stderr, status.stdout]) {
      expect(text).not.toMatch(/SECRET|credentialscredentialscredentialscredentialscredentials|\u202E|\u0085/);
    }
  });
});
