import type { ChatMessage } from './llm-backend.js';
import type { ReportedUsage } from './settled-cost.js';

/**
 * The body of one chat completion request, shared by live calls (chat-client.ts) and the lines of
 * a Batch API file (batch-client.ts): the same prompt, output cap and response schema either way.
 */
export function chatRequestBody(
  model: string,
  messages: ChatMessage[],
  maxTokens: number,
  schema: object,
  schemaName: string,
  mode: 'json_schema' | 'json_object' = 'json_schema',
) {
  return {
    model,
    messages,
    max_tokens: maxTokens,
    temperature: 0,
    response_format:
      mode === 'json_schema'
        ? {
            type: 'json_schema' as const,
            json_schema: { name: schemaName, strict: true, schema: schema as Record<string, unknown> },
          }
        : { type: 'json_object' as const },
  };
}

/** The answer's text of a chat completion body ('' when there is none). */
export function contentOf(body: unknown): string {
  const choices = (body as { choices?: { message?: { content?: unknown } }[] } | null)?.choices;
  const content = Array.isArray(choices) ? choices[0]?.message?.content : undefined;
  return typeof content === 'string' ? content : '';
}

/** The usage of a chat completion body as reported (the budget gate decides what to believe). */
export function usageOf(body: unknown): ReportedUsage | null {
  const u = (body as { usage?: unknown } | null)?.usage as Record<string, unknown> | null | undefined;
  if (!u || typeof u !== 'object') return null;
  const details = u.prompt_tokens_details as Record<string, unknown> | null | undefined;
  return { inputTokens: u.prompt_tokens, cachedTokens: details?.cached_tokens ?? 0, outputTokens: u.completion_tokens };
}
