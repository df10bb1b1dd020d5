import type { BudgetGate } from './budget-gate.js';
import type { ChatAnswer } from './chat-client.js';
import type { CallBound } from './pricing.js';

/** One message of a chat call: our instructions (system) or the data to judge (user). */
export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/**
 * What a job needs of an LLM (`analyze`, the digest's narrative): the chat client and the
 * budget gate of this run. jobs/llm-backend.ts opens it; offline runs have none.
 */
export interface LlmBackend {
  chat: {
    complete(messages: ChatMessage[], schema: object, schemaName?: string, signal?: AbortSignal): Promise<ChatAnswer>;
  };
  gate: BudgetGate;
  /** The most one call with this prompt can cost (and use), reserved before it starts. */
  callBound(promptBytes: number, messages: number): CallBound;
}

/** Bytes a call sends as prompt: its messages plus the JSON Schema of the answer. */
export function callBytes(messages: ChatMessage[], schema: object): number {
  return messages.reduce((n, m) => n + Buffer.byteLength(m.content, 'utf8'), Buffer.byteLength(JSON.stringify(schema)));
}
