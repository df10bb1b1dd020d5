import { errorMessage } from '../core/errors.js';
import { roundMicroUsd } from '../core/rounding.js';
import { releaseClaim } from '../db/repos/analyses-repo.js';
import { recordBatch } from '../db/repos/llm-batches-repo.js';
import { UnclearBatchError } from '../llm/batch-client.js';
import { chatRequestBody } from '../llm/chat-request.js';
import { analysisJsonSchema } from './analysis-schema.js';
import type { AnalyzeContext } from './analyze.js';
import type { BatchQueue } from './batch-queue.js';
import { PROMPT_VERSION } from './prompt.js';

/** A batch's results arrive within its 24 h window; its claims and reservations are held a day longer. */
export const BATCH_HOLD_MS = 48 * 3600_000;

export interface BatchSubmitter {
  submit(jsonl: string, signal?: AbortSignal): Promise<{ batchId: string; inputFileId: string }>;
}

export interface SubmittedBatch {
  id: string;
  requests: number;
  /** The requests' worst cases at batch prices, held in the ledger until they are collected. */
  reservedUsd: number;
}

/** The custom_id of an analysis claim's request: collecting maps each answer back by it. */
export const customIdOf = (analysisId: number) => `analysis-${analysisId}`;

/**
 * Sends what `analyze --batch` queued as one batch: one JSONL line per request (the same body a
 * live call sends), uploaded and created, then stored with its requests. When it is refused (or
 * the run is interrupted first), every reservation is released and every claim given back, so
 * nothing is held for a batch that does not exist; when the provider's answer is lost, they are
 * kept (see UnclearBatchError).
 */
export async function submitBatch(
  ctx: AnalyzeContext,
  queue: BatchQueue,
  client: BatchSubmitter,
  run: { model: string; maxOutputTokens: number; jobRunId: number | null },
): Promise<SubmittedBatch | null> {
  if (queue.requests.length === 0) return null;
  const schema = analysisJsonSchema(ctx.config.signposts.map((s) => s.code));
  const jsonl = queue.requests
    .map((r) =>
      JSON.stringify({
        custom_id: customIdOf(r.event.analysisId),
        method: 'POST',
        url: '/v1/chat/completions',
        body: chatRequestBody(run.model, r.messages, run.maxOutputTokens, schema, 'event_analysis'),
      }),
    )
    .join('\n');
  if (ctx.signal.aborted) {
    await giveBack(ctx, queue, 'interrupted before the batch was created');
    return null;
  }
  let created: { batchId: string; inputFileId: string };
  try {
    created = await client.submit(`${jsonl}\n`, ctx.signal);
  } catch (err) {
    // Whether the provider created it is unknown: it may run and be billed, so the reservations
    // stay and settle at their worst case when their lease ends (the budget is never passed);
    // the claims lapse with theirs, and the events are claimable again.
    if (err instanceof UnclearBatchError) {
      ctx.logger.warn(
        `the batch may have been created despite the error; its ${queue.requests.length} reservations are ` +
          'kept and settle at their worst case',
      );
    } else await giveBack(ctx, queue, `batch not created: ${errorMessage(err)}`);
    throw err;
  }
  // From here the batch exists and may be billed: should storing it fail, its reservations stay
  // and count at their worst case once their lease ends; they are never released unpaid.
  const now = ctx.clock();
  await recordBatch(ctx.db, {
    remoteId: created.batchId,
    model: run.model,
    promptVersion: PROMPT_VERSION,
    inputFileId: created.inputFileId,
    remoteStatus: 'validating',
    createdAt: now.toISOString(),
    jobRunId: run.jobRunId,
    holdUntil: new Date(now.getTime() + BATCH_HOLD_MS).toISOString(),
    requests: queue.requests.map((r) => ({
      customId: customIdOf(r.event.analysisId),
      eventId: r.event.eventId,
      analysisId: r.event.analysisId,
      llmCallId: r.reservation.id,
      maxInputTokens: r.bound.maxInputTokens,
      maxOutputTokens: r.bound.maxOutputTokens,
    })),
  });
  const reserved = queue.requests.reduce((sum, r) => sum + r.bound.worstUsd, 0);
  return { id: created.batchId, requests: queue.requests.length, reservedUsd: roundMicroUsd(reserved) };
}

/** Releases every queued reservation and gives every claim back: nothing was sent. */
export async function giveBack(ctx: AnalyzeContext, queue: BatchQueue, note: string): Promise<void> {
  const at = ctx.clock().toISOString();
  for (const r of queue.requests) {
    await queue.gate.release(r.reservation, note);
    await releaseClaim(ctx.db, r.event.analysisId, at);
  }
}
