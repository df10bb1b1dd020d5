import OpenAI, { APIConnectionError, APIError } from 'openai';
import type { LlmConfig } from '../config/config.js';
import { AppError, errorMessage } from '../core/errors.js';
import type { ChatMessage as Message } from './llm-backend.js';
import { parseRetryAfter, type RetryPolicy } from '../core/retry-policy.js';
import type { ReportedUsage } from './settled-cost.js';
import { chatRequestBody, contentOf, usageOf } from './chat-request.js';

export interface ChatAnswer {
  content: string;
  /** As the endpoint reported it: the budget gate decides what to believe. */
  usage: ReportedUsage | null;
}

/**
 * A call that gave no usable answer. `billed`: the provider may have charged us (it answered
 * 2xx, or the call was cut off in flight by a signal). `retryable`: 429, 5xx or a network
 * failure, which are not billed. A request that never left the process is neither.
 */
export class ChatFailure extends Error {
  constructor(
    message: string,
    readonly billed: boolean,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    /** Cut off by SIGINT/SIGTERM. */
    readonly interrupted = false,
  ) {
    super(message);
    this.name = 'ChatFailure';
  }
}

/**
 * Backoff steps of at most 30 s; a Retry-After up to 30 s is waited out, a longer one ends
 * this event's tries for the run (unbilled: a later run picks it up) instead of holding a
 * worker for minutes.
 */
export function llmRetryPolicy(config: Pick<LlmConfig, 'retries' | 'retryBaseDelayMs'>): RetryPolicy {
  return { retries: config.retries, baseDelayMs: config.retryBaseDelayMs, maxDelayMs: 30_000, maxRetryAfterMs: 30_000 };
}

/** The official SDK with its own retries off (our loop retries, reserving every attempt). */
export class ChatClient {
  private readonly client: OpenAI;
  private readonly fetchImpl: typeof fetch;
  /** JSON Schema structured output where the endpoint takes it; JSON mode after it refuses. */
  private mode: 'json_schema' | 'json_object' = 'json_schema';

  constructor(
    private readonly config: LlmConfig,
    fetchImpl?: typeof fetch,
  ) {
    this.fetchImpl = fetchImpl ?? fetch;
    this.client = new OpenAI({
      apiKey: config.apiKey ?? '',
      ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
      maxRetries: 0,
      timeout: config.timeoutMs,
    });
  }

  async complete(
    messages: Message[],
    schema: object,
    schemaName = 'event_analysis',
    signal?: AbortSignal,
  ): Promise<ChatAnswer> {
    for (;;) {
      const mode = this.mode;
      // Whether this request reached fetch, i.e. may have left the process: one that failed
      // before (e.g. building its headers) provably cost nothing.
      let sent = false;
      const inner = this.fetchImpl;
      const client = this.client.withOptions({
        fetch: (input, init) => {
          sent = true;
          return inner(input, init);
        },
      });
      try {
        const res = await client.chat.completions.create(
          chatRequestBody(this.config.model, messages, this.config.maxOutputTokens, schema, schemaName, mode),
          signal ? { signal } : {},
        );
        return { content: contentOf(res), usage: usageOf(res) };
      } catch (err) {
        if (
          mode === 'json_schema' &&
          err instanceof APIError &&
          err.status === 400 &&
          /response_format|json_schema|structured/i.test(err.message)
        ) {
          this.mode = 'json_object'; // unbilled: the endpoint refused the request
          continue;
        }
        throw this.redacted(toFailure(err, sent, signal));
      }
    }
  }

  /** No error message may carry the key (an SDK error can quote a header it refused). */
  private redacted(err: Error): Error {
    const key = this.config.apiKey;
    if (key && err.message.includes(key)) err.message = err.message.split(key).join('[redacted]');
    return err;
  }
}

function toFailure(err: unknown, sent: boolean, signal: AbortSignal | undefined): Error {
  if (signal?.aborted) {
    return sent
      ? new ChatFailure('interrupted in flight: settled at its worst case', true, false, null, true)
      : new ChatFailure('interrupted before the request was sent', false, false, null, true);
  }
  if (!sent) return new ChatFailure(`the request was never sent: ${firstLine(errorMessage(err))}`, false, false);
  if (err instanceof APIConnectionError) return new ChatFailure(`network: ${err.message}`, false, true);
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    if (status === 401 || status === 403)
      return new AppError('config', `the LLM endpoint refused the API key (HTTP ${status})`);
    if (status === 404)
      return new AppError(
        'config',
        `the LLM endpoint does not know this model or path (HTTP 404): ${firstLine(err.message)}`,
      );
    if (status === 429 || status >= 500) {
      const after = parseRetryAfter(err.headers?.get?.('retry-after'), Date.now());
      return new ChatFailure(`HTTP ${status}`, false, true, after);
    }
    return new ChatFailure(`HTTP ${status}: ${firstLine(err.message)}`, false, false);
  }
  // The endpoint answered but the body was unusable (e.g. malformed JSON): it may have billed.
  return new ChatFailure(`unreadable response: ${firstLine(errorMessage(err))}`, true, false);
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').slice(0, 200);
}
