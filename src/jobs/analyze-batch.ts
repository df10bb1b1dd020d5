import type { AnalyzeContext } from '../analysis/analyze.js';
import { type CollectReport, collectBatches } from '../analysis/batch-collect.js';
import type { BatchQueue } from '../analysis/batch-queue.js';
import { AppError, errorMessage } from '../core/errors.js';
import type { Price } from '../core/types.js';
import { openBatches } from '../db/repos/llm-batches-repo.js';
import type { Database } from '../db/open-database.js';
import { outboundFetch } from '../http/proxy.js';
import { BudgetGate } from '../llm/budget-gate.js';
import { batchPrice, callBound, priceOf } from '../llm/pricing.js';
import { plural } from '../core/wording.js';
import type { BatchClient } from '../llm/batch-client.js';
import type { JobContext } from './job-context.js';
import { smallestWorstUsd } from './llm-backend.js';

/** A queued request's reservation outlives building and uploading the file; then it is held for the batch. */
const QUEUE_LEASE_MS = 30 * 60_000;

/** The Batch API client (the SDK loads only here). */
export async function openBatchClient(ctx: JobContext): Promise<BatchClient> {
  const { BatchClient } = await import('../llm/batch-client.js');
  return new BatchClient(ctx.config.llm, await outboundFetch());
}

/** Where `analyze --batch` queues its requests: reserved through a gate at the model's batch prices. */
export function openBatchQueue(ctx: JobContext, db: Database, model: string, price: Price, runId: number): BatchQueue {
  const { config } = ctx;
  const batch = batchPrice(price);
  const max = config.llm.maxOutputTokens;
  return {
    gate: new BudgetGate(
      db,
      config.budget,
      batch,
      model,
      ctx.clock,
      ctx.logger,
      QUEUE_LEASE_MS,
      runId,
      smallestWorstUsd(batch, config, max),
    ),
    callBound: (bytes, messages) => callBound(batch, bytes, messages, max),
    requests: [],
  };
}

/**
 * First thing of every `analyze`: collects the open batches that have ended. Without a key a
 * batch cannot be collected (said once, the run goes on); a provider that cannot be reached
 * fails `analyze --collect` and is only warned about by any other run, which goes on.
 */
export async function collectOpenBatches(
  ctx: JobContext,
  actx: AnalyzeContext,
  explicit: boolean,
): Promise<CollectReport | null> {
  const open = await openBatches(actx.db);
  if (open.length === 0) return null;
  if (!ctx.config.llm.apiKey) {
    if (explicit) throw new AppError('config', 'analyze --collect needs OPENAI_API_KEY');
    ctx.logger.warn(`${plural(open.length, 'open batch', 'open batches')} wait for OPENAI_API_KEY to be collected`);
    return null;
  }
  try {
    return await collectBatches(actx, await openBatchClient(ctx), (model) => priceOf(model, ctx.config.pricing));
  } catch (err) {
    if (explicit || !(err instanceof AppError) || err.code !== 'fetch') throw err;
    ctx.logger.warn(`open batches not collected: ${errorMessage(err)}`);
    return null;
  }
}
