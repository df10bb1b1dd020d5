import { afterEach, describe, expect, it } from 'vitest';
import { ChatClient, ChatFailure } from '../../src/llm/chat-client.js';
import type { LlmConfig } from '../../src/config/config.js';
import { type FakeOpenAi, startFakeOpenAi } from '../helpers/fake-openai.js';

let llm: FakeOpenAi | undefined;
afterEach(async () => {
  await llm?.close();
  llm = undefined;
});

const config = (apiKey: string): LlmConfig => ({
  provider: 'openai',
  model: 'gpt-4o-mini',
  baseUrl: llm?.baseUrl ?? null,
  apiKey,
  maxOutputTokens: 100,
  timeoutMs: 5000,
  retries: 0,
  retryBaseDelayMs: 10,
});
const messages = [{ role: 'user' as const, content: 'hello' }];

describe('ChatClient', () => {
  it('a request that never left the process is not billed, and its error never quotes the key', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    // Config refuses such a key at load; the client must still not bill or echo it.
    const client = new ChatClient(config('sk-line\nbreak-SECRET'));
    const err = await client.complete(messages, { type: 'object' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatFailure);
    expect(err).toMatchObject({ billed: false, retryable: false });
    expect((err as Error).message).toMatch(/never sent/);
    expect((err as Error).message).not.toContain('SECRET');
    expect(llm.calls).toHaveLength(0);
  });

  it('reports usage exactly as the endpoint sent it, for the budget gate to judge', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer', rawUsage: { prompt_tokens: 'abc', completion_tokens: -3 } }));
    const answer = await new ChatClient(config('sk-test')).complete(messages, { type: 'object' });
    expect(answer.usage).toEqual({ inputTokens: 'abc', cachedTokens: 0, outputTokens: -3 });
  });
});
