import OpenAI, { APIConnectionError, APIError } from 'openai';
import type { LlmConfig } from '../config/config.js';
import { AppError, errorMessage } from '../core/errors.js';
import type { Usage } from '../db/repos/llm-calls-repo.js';

export interface ChatAnswer {
  content: string;
  usage: Usage | null;
}

/**
 * A call that gave no usable answer. `billed`: the provider answered (2xx), so it may have
 * charged us. `retryable`: 429, 5xx or a network failure, which are not billed.
 */
export class ChatFailure extends Error {
  constructor(
    message: string,
    readonly billed: boolean,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ChatFailure';
  }
}

type Message = { role: 'system' | 'user'; content: string };

/** The official SDK with its own retries off (our loop retries, reserving every attempt). */
export class ChatClient {
  private readonly client: OpenAI;
  /** JSON Schema structured output where the endpoint takes it; JSON mode after it refuses. */
  private mode: 'json_schema' | 'json_object' = 'json_schema';

  constructor(
    private readonly config: LlmConfig,
    fetchImpl?: typeof fetch,
  ) {
    this.client = new OpenAI({
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
      apiKey: config.apiKey ?? '',
      ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
      maxRetries: 0,
      timeout: config.timeoutMs,
    });
  }

  async complete(messages: Message[], schema: object, schemaName = 'event_analysis'): Promise<ChatAnswer> {
    for (;;) {
      const mode = this.mode;
      try {
        const res = await this.client.chat.completions.create({
          model: this.config.model,
          messages,
          max_tokens: this.config.maxOutputTokens,
          temperature: 0,
          response_format:
            mode === 'json_schema'
              ? { type: 'json_schema', json_schema: { name: schemaName, strict: true, schema: schema as Record<string, unknown> } }
              : { type: 'json_object' },
        });
        const content = res.choices?.[0]?.message?.content;
        const usage = res.usage
          ? {
              inputTokens: res.usage.prompt_tokens ?? 0,
              cachedTokens: res.usage.prompt_tokens_details?.cached_tokens ?? 0,
              outputTokens: res.usage.completion_tokens ?? 0,
            }
          : null;
        if (typeof content !== 'string') return { content: '', usage };
        return { content, usage };
      } catch (err) {
        if (mode === 'json_schema' && err instanceof APIError && err.status === 400 && /response_format|json_schema|structured/i.test(err.message)) {
          this.mode = 'json_object'; // unbilled: the endpoint refused the request
          continue;
        }
        throw toFailure(err);
      }
    }
  }
}

function toFailure(err: unknown): Error {
  if (err instanceof APIConnectionError) return new ChatFailure(`network: ${err.message}`, false, true);
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    if (status === 401 || status === 403) return new AppError('config', `the LLM endpoint refused the API key (HTTP ${status})`);
    if (status === 404) return new AppError('config', `the LLM endpoint does not know this model or path (HTTP 404): ${firstLine(err.message)}`);
    if (status === 429 || status >= 500) {
      const after = Number(err.headers?.get?.('retry-after'));
      return new ChatFailure(`HTTP ${status}`, false, true, Number.isFinite(after) && after > 0 ? after * 1000 : null);
    }
    return new ChatFailure(`HTTP ${status}: ${firstLine(err.message)}`, false, false);
  }
  // The endpoint answered but the body was unusable (e.g. malformed JSON): it may have billed.
  return new ChatFailure(`unreadable response: ${firstLine(errorMessage(err))}`, true, false);
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').slice(0, 200);
}
