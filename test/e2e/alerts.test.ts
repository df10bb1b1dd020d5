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
    expect(received.filter((r) => r.body.title === 'source down paused')).toHaveLength(2); // one alert, posted twice (one retry)
  });
});
