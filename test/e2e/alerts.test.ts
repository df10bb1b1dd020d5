import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { startServer, startSink, type TestServer } from '../helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function sink(status = 200) {
  const server = await startSink(status);
  servers.push(server);
  return { server, received: server.received };
}

describe('alerts', () => {
  it('alerts once per failing episode, sends a recovery notice, and keeps webhook URLs secret', async () => {
    const { server: hook, received } = await sink();
    let up = false;
    const feeds = await startServer((_req, res) => {
      if (!up) {
        res.statusCode = 500;
        res.end();
        return;
      }
      res.end(rss([{ title: 'Item', link: 'https://a.example/1' }]));
    });
    servers.push(feeds);
    const dir = tempDir();
    const webhookUrl = `${hook.url}/hooks/TOKEN-abc`;
    const slackWebhookUrl = `${hook.url}/slack/T000/SECRET`;
    writeConfig(dir, {
      sources: [{ id: 'src', kind: 'feed', url: `${feeds.url}/f`, category: 'lab', tier: 'B' }],
      http: { retries: 0 },
      alerts: { webhookUrl, slackWebhookUrl },
    });
    const outputs: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await runCli(['fetch'], { cwd: dir });
      expect(r.code).toBe(1); // its only source failed;
      outputs.push(r.stdout, r.stderr);
    }
    const generic = () => received.filter((r) => r.path.startsWith('/hooks/')).map((r) => r.body);
    expect(generic().map((b) => b.title)).toEqual(['fetch failed 3 times in a row']);
    expect(generic()[0]).toMatchObject({ source: 'agi-tracker', severity: 'error', key: 'job-failing:fetch' });
    const slack = received.filter((r) => r.path.startsWith('/slack/'));
    expect(slack).toHaveLength(1);
    expect(String(slack[0]?.body.text)).toMatch(/^\*\[error\] fetch failed 3 times in a row\*/);

    up = true;
    await runCli(['fetch'], { cwd: dir });
    expect(generic().map((b) => b.title)).toEqual(['fetch failed 3 times in a row', 'fetch recovered']);
    const config = await runCli(['config', 'check', '--json'], { cwd: dir });
    for (const text of [...outputs, config.stdout, JSON.stringify(received.map((r) => r.body))]) {
      expect(text).not.toContain('TOKEN-abc');
      expect(text).not.toContain('SECRET');
    }
  });

  it('alerts when a source is paused, and a failing channel never fails the job', async () => {
    const { received } = await sink(500);
    const feeds = await startServer((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    servers.push(feeds);
    const ok = await startServer((_req, res) => {
      res.end(rss([{ title: 'Fine', link: 'https://b.example/1' }]));
    });
    servers.push(ok);
    const dir = tempDir();
    writeConfig(dir, {
      sources: [
        { id: 'down', kind: 'feed', url: `${feeds.url}/f`, category: 'lab', tier: 'B' },
        { id: 'fine', kind: 'feed', url: `${ok.url}/f`, category: 'lab', tier: 'B' },
      ],
      http: { retries: 0 },
      alerts: { webhookUrl: `${servers[0]?.url}/hook` },
    });
    let last = { code: 0 as number | null, stderr: '' };
    for (let i = 0; i < 5; i++) last = await runCli(['fetch'], { cwd: dir });
    expect(last.code).toBe(3); // partial, as without alerts
    expect(last.stderr).toMatch(/alert channel webhook failed: HTTP 500/);
    expect(received.map((r) => r.body.title)).toContain('source down paused');
    // one alert, posted twice (one retry)
    expect(received.filter((r) => r.body.title === 'source down paused')).toHaveLength(2);
  });

  it('posts an alert a channel refuses (4xx) once: only network errors, 429 and 5xx are retried', async () => {
    const { received } = await sink(404);
    const feeds = await startServer((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    servers.push(feeds);
    const dir = tempDir();
    writeConfig(dir, {
      sources: [{ id: 'down', kind: 'feed', url: `${feeds.url}/f`, category: 'lab', tier: 'B' }],
      http: { retries: 0 },
      alerts: { webhookUrl: `${servers[0]?.url}/hook` },
    });
    let last = { code: 0 as number | null, stderr: '' };
    for (let i = 0; i < 5; i++) last = await runCli(['fetch'], { cwd: dir });
    expect(last.stderr).toMatch(/alert channel webhook failed: HTTP 404/);
    expect(received.filter((r) => r.body.title === 'source down paused')).toHaveLength(1);
  });

  it('hanging alert and ping endpoints hold a run up for about 5 s in all, not per attempt', async () => {
    const hanging = await startServer(() => {}); // never answers
    servers.push(hanging);
    const feeds = await startServer((req, res) => {
      if (req.url === '/fine') return void res.end(rss([{ title: 'Fine', link: 'https://b.example/1' }]));
      res.statusCode = 410; // gone: paused at once, so each raises a "paused" alert this run
      res.end();
    });
    servers.push(feeds);
    const dir = tempDir();
    const src = (id: string) => ({ id, kind: 'feed', url: `${feeds.url}/${id}`, category: 'lab', tier: 'B' });
    writeConfig(dir, {
      sources: [src('fine'), src('gone1'), src('gone2'), src('gone3')],
      http: { retries: 0 },
      healthchecks: { fetch: `${hanging.url}/ping` },
      alerts: { webhookUrl: `${hanging.url}/hook`, slackWebhookUrl: `${hanging.url}/slack` },
    });
    const started = Date.now();
    const res = await runCli(['fetch'], { cwd: dir });
    const took = Date.now() - started;
    expect(res.code).toBe(3);
    // Before: 2 s per attempt, per retry, per ping, per alert and channel (≈ 50 s here).
    expect(took).toBeLessThan(12_000);
    expect(res.stderr).toMatch(/not sent: pings and alerts used their 5 s for this run/);
    const posted = hanging.requests.map((r) => r.path.split('?')[0]);
    expect(posted[0]).toBe('/ping/start');
  }, 90_000);
});
