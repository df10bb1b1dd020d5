import { afterEach, describe, expect, it } from 'vitest';
import { backoffMs, parseRetryAfter, type RetryPolicy, retryDecision } from '../../src/core/retry-policy.js';
import { HttpClient } from '../../src/http/http-client.js';
import { ChatClient, ChatFailure } from '../../src/llm/chat-client.js';
import { HealthcheckPinger } from '../../src/ops/healthcheck-ping.js';
import { createLogger } from '../../src/core/logger.js';
import { type FakeOpenAi, startFakeOpenAi } from '../helpers/fake-openai.js';
import { startServer, type TestServer } from '../helpers/server.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

const policy: RetryPolicy = { retries: 3, baseDelayMs: 1000, maxDelayMs: 60_000, maxRetryAfterMs: 60_000 };

describe('retryDecision', () => {
  it('backs off exponentially with jitter in the upper half of each step, up to the cap', () => {
    expect(backoffMs(policy, 0, () => 0)).toBe(500);
    expect(backoffMs(policy, 0, () => 1)).toBe(1000);
    expect(backoffMs(policy, 3, () => 0.5)).toBe(6000);
    expect(backoffMs(policy, 20, () => 1)).toBe(60_000); // 2^20 s, bounded
    expect(retryDecision(policy, 1, { retryable: true }, () => 1)).toEqual({ retry: true, delayMs: 2000 });
  });

  it('waits out a Retry-After longer than the backoff, never a shorter one', () => {
    expect(retryDecision(policy, 0, { retryable: true, retryAfterMs: 7000 }, () => 1)).toEqual({
      retry: true,
      delayMs: 7000,
    });
    expect(retryDecision(policy, 0, { retryable: true, retryAfterMs: 0 }, () => 1)).toEqual({
      retry: true,
      delayMs: 1000,
    });
  });

  it('stops on an answer that will not change, after the last retry, and at a Retry-After past its bound', () => {
    expect(retryDecision(policy, 0, { retryable: false, retryAfterMs: 10 })).toEqual({
      retry: false,
      reason: 'not-retryable',
    });
    expect(retryDecision(policy, 3, { retryable: true })).toEqual({ retry: false, reason: 'exhausted' });
    expect(retryDecision({ ...policy, retries: 0 }, 0, { retryable: true })).toEqual({
      retry: false,
      reason: 'exhausted',
    });
    // Even with retries left: a shorter wait would only earn another refusal.
    expect(retryDecision(policy, 0, { retryable: true, retryAfterMs: 3_600_000 })).toEqual({
      retry: false,
      reason: 'retry-after-too-long',
      retryAfterMs: 3_600_000,
    });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0); // past: at once
    for (const bad of [undefined, null, '', 'soon', '-5', '1.5'])
      expect(parseRetryAfter(bad, now), String(bad)).toBeNull();
  });
});

describe('the policy in use', () => {
  it('a feed backoff ends as soon as the run is interrupted', async () => {
    const feed = await serve((_req, res) => {
      res.statusCode = 503;
      res.setHeader('retry-after', '50');
      res.end();
    });
    const client = new HttpClient({
      timeoutMs: 5000,
      retries: 3,
      retryBaseDelayMs: 1000,
      requestsPerMinutePerHost: 6000,
      maxBodyBytes: 1 << 20,
      maxRedirects: 0,
      maxRetryAfterMs: 60_000,
      allowPrivateNetworks: false,
    });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort('SIGTERM'), 200);
    await expect(client.fetch(`${feed.url}/f`, {}, controller.signal)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(feed.requests).toHaveLength(1);
  });

  it('the LLM client reads a Retry-After given as an HTTP date, as feeds do', async () => {
    const at = new Date(Date.now() + 20_000).toUTCString();
    const llm: FakeOpenAi = await startFakeOpenAi(() => ({
      kind: 'status',
      status: 429,
      headers: { 'retry-after': at },
    }));
    servers.push(llm);
    const client = new ChatClient({
      provider: 'openai',
      model: 'gpt-4o-mini',
      baseUrl: llm.baseUrl,
      apiKey: 'sk-test',
      maxOutputTokens: 100,
      timeoutMs: 5000,
      retries: 0,
      retryBaseDelayMs: 10,
    });
    const err = (await client
      .complete([{ role: 'user', content: 'hi' }], { type: 'object' })
      .catch((e: unknown) => e)) as ChatFailure;
    expect(err).toBeInstanceOf(ChatFailure);
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBeGreaterThan(15_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(20_000);
  });

  it('a healthcheck ping waits out a short Retry-After and does not retry a 4xx', async () => {
    const seen: number[] = [];
    const busy = await serve((_req, res) => {
      seen.push(Date.now());
      res.statusCode = seen.length === 1 ? 429 : 200;
      if (seen.length === 1) res.setHeader('retry-after', '1');
      res.end();
    });
    await new HealthcheckPinger(`${busy.url}/ping/abc`, 'fetch', createLogger('quiet')).ping('success');
    expect(seen).toHaveLength(2);
    expect((seen[1] as number) - (seen[0] as number)).toBeGreaterThanOrEqual(900);

    const gone = await serve((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    await new HealthcheckPinger(`${gone.url}/ping/abc`, 'fetch', createLogger('quiet')).ping('fail');
    expect(gone.requests).toHaveLength(1);
  });
});
