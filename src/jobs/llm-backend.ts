import type { LlmBackend } from '../llm/llm-backend.js';
import type { Config } from '../config/config.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/open-database.js';
import { outboundFetch } from '../http/proxy.js';
import { BudgetGate } from '../llm/budget-gate.js';
import type { Price } from '../core/types.js';
import { callBound } from '../llm/pricing.js';
import { smallestCallBytes } from '../analysis/prompt.js';
import type { JobContext } from './job-context.js';

/** openai with a key, offline without one (or when asked); openai without a key is a config error. */
export function resolveProvider(config: Config, flag: string | undefined): 'openai' | 'offline' {
  const wanted = flag ?? config.llm.provider;
  if (wanted !== 'auto' && wanted !== 'openai' && wanted !== 'offline')
    throw new AppError('usage', `--provider takes openai or offline, got "${wanted}"`);
  if (wanted === 'offline') return 'offline';
  if (wanted === 'openai' && !config.llm.apiKey) throw new AppError('config', 'provider openai needs OPENAI_API_KEY');
  return config.llm.apiKey ? 'openai' : 'offline';
}

/** The chat client (the SDK loads only here) behind the budget gate of this job run. */
export async function openLlmBackend(
  ctx: JobContext,
  db: Database,
  model: string,
  price: Price,
  runId: number | null,
): Promise<LlmBackend> {
  const { config } = ctx;
  const { ChatClient } = await import('../llm/chat-client.js');
  const llmConfig = { ...config.llm, model };
  return {
    chat: new ChatClient(llmConfig, await outboundFetch()),
    gate: new BudgetGate(
      db,
      config.budget,
      price,
      model,
      ctx.clock,
      ctx.logger,
      llmConfig.timeoutMs * 2 + 60_000,
      runId,
      smallestWorstUsd(price, config, llmConfig.maxOutputTokens),
    ),
    callBound: (bytes, messages) => callBound(price, bytes, messages, llmConfig.maxOutputTokens),
  };
}

/** The worst case of the smallest possible analysis call: `budget` and the gate judge "exhausted" by it. */
export function smallestWorstUsd(price: Price, config: Config, maxOutputTokens: number): number {
  return callBound(price, smallestCallBytes(config.signposts), 2, maxOutputTokens).worstUsd;
}
