import { afterEach, describe, expect, it } from 'vitest';
import { collect, spawnCli, tempDir, writeConfig } from '../helpers/cli.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { until } from '../helpers/wait.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof startServer>[0]) {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

/**
 * SIGTERM while the source hangs or sits in a Retry-After backoff, with a ping endpoint and
 * alert webhooks that hang too: the run still tries to ping /fail, and exits 143 within ~3 s.
 */
describe('SIGTERM ends a fetch within a few seconds', () => {
  it.each([
    ['a hanging request', () => {}],
    [
      'a 503 Retry-After backoff',
      (_req: unknown, res: import('node:http').ServerResponse) => {
        res.statusCode = 503;
        res.setHeader('retry-after', '50');
        res.end('busy');
      },
    ],
  ] as const)('during %s, with hanging ping and alert endpoints', async (_name, handler) => {
    const feed = await serve(handler);
    const hanging = await serve(() => {}); // ping, Slack and webhook: never answer
    const dir = tempDir();
    writeConfig(dir, {
      sources: [{ id: 's', kind: 'feed', url: `${feed.url}/f`, category: 'lab', tier: 'B' }],
      http: { timeoutMs: 120_000, retries: 5 },
      healthchecks: { fetch: `${hanging.url}/ping` },
      alerts: { webhookUrl: `${hanging.url}/hook`, slackWebhookUrl: `${hanging.url}/slack` },
    });
    const child = spawnCli(['fetch'], { cwd: dir });
    const done = collect(child);
    await until(() => feed.requests.length > 0, 20_000);
    const killedAt = Date.now();
    child.kill('SIGTERM');
    const res = await done;
    const took = Date.now() - killedAt;
    expect(res.code).toBe(143);
    expect(res.stderr).toMatch(/interrupted by SIGTERM/);
    expect(took).toBeLessThan(3000);
    expect(hanging.requests.map((r) => r.path.split('?')[0])).toContain('/ping/fail'); // it still said so
  });
});
