import { AppError } from '../core/errors.js';
import { roundMicroUsd } from '../core/rounding.js';
import type { Price } from '../core/types.js';
import { type BatchRequestRef, closeBatchRequest, type RequestClose } from '../db/repos/batch-request-close.js';
import {
  closeBatch,
  extendHold,
  type LlmBatchRow,
  noteBatchStatus,
  type OpenRequest,
  openBatches,
  openRequests,
} from '../db/repos/llm-batches-repo.js';
import type { RemoteBatch } from '../llm/batch-client.js';
import { contentOf, usageOf } from '../llm/chat-request.js';
import { batchPrice } from '../llm/pricing.js';
import { settledCost } from '../llm/settled-cost.js';
import { finalTier, validateAnalysis } from './analysis-schema.js';
import { type AnalyzeContext, MAX_ATTEMPTS } from './analyze.js';
import { type BatchLine, parseBatchLines } from './batch-lines.js';
import { BATCH_HOLD_MS } from './batch-submit.js';

export interface BatchReader {
  retrieve(batchId: string): Promise<RemoteBatch>;
  download(fileId: string): Promise<string>;
}

export interface CollectReport {
  /** Open batches looked at. */
  checked: number;
  /** Batches whose results were collected (or which ended without any), now closed. */
  closed: number;
  /** Batches still running at the provider (their hold is extended). */
  waiting: number;
  /** Batches that could not be retrieved or read this time (left open, tried again next run). */
  unreachable: number;
  analyzed: number;
  /** Answers rejected like a live answer (billed; the event is tried again up to the attempt limit). */
  invalid: number;
  /** Requests that failed, expired or were cancelled: released, the events claimable again. */
  released: number;
  /** What the collected requests were settled at (batch prices). */
  spentUsd: number;
}

// Statuses after which a batch changes no more.
const FINAL = new Set(['completed', 'expired', 'failed', 'cancelled']);

/**
 * Collects every open batch: asks the provider for its status and, once it has ended, reads its
 * output and error files and closes each request like a live call would end: a valid answer is
 * stored and its call settled from its usage at batch prices, an invalid one is settled and
 * counted as a failed attempt, a request without an answer (failed, expired, cancelled, or a
 * batch that failed as a whole) is released. Each request closes in its own transaction, once.
 */
export async function collectBatches(
  ctx: AnalyzeContext,
  client: BatchReader,
  priceOf: (model: string) => Price,
): Promise<CollectReport> {
  const report: CollectReport = {
    checked: 0,
    closed: 0,
    waiting: 0,
    unreachable: 0,
    analyzed: 0,
    invalid: 0,
    released: 0,
    spentUsd: 0,
  };
  const units = new Map(ctx.config.signposts.map((s) => [s.code, s.unit]));
  for (const batch of await openBatches(ctx.db)) {
    if (ctx.signal.aborted) break;
    report.checked++;
    try {
      await collectBatch(ctx, client, priceOf, batch, units, report);
    } catch (err) {
      // One batch the provider cannot answer for (gone with a moved key, a changed endpoint, a
      // network failure) must not keep the others from being collected: it stays open.
      if (!(err instanceof AppError) || err.code !== 'fetch') throw err;
      report.unreachable++;
      ctx.logger.warn(`batch ${batch.remote_id} not collected: ${err.message}`);
    }
  }
  report.spentUsd = roundMicroUsd(report.spentUsd);
  return report;
}

async function collectBatch(
  ctx: AnalyzeContext,
  client: BatchReader,
  priceOf: (model: string) => Price,
  batch: LlmBatchRow,
  units: Map<string, string>,
  report: CollectReport,
): Promise<void> {
  const remote = await client.retrieve(batch.remote_id);
  const at = ctx.clock().toISOString();
  await noteBatchStatus(ctx.db, batch.id, {
    remoteStatus: remote.status,
    outputFileId: remote.outputFileId,
    errorFileId: remote.errorFileId,
    at,
  });
  if (!FINAL.has(remote.status)) {
    // Still running (or finalizing): its events stay out of every live run's reach meanwhile.
    await extendHold(ctx.db, batch.id, new Date(ctx.clock().getTime() + BATCH_HOLD_MS).toISOString());
    report.waiting++;
    return;
  }
  const lines = new Map<string, BatchLine>();
  for (const file of [remote.errorFileId, remote.outputFileId]) {
    if (file) for (const line of parseBatchLines(await client.download(file))) lines.set(line.customId, line);
  }
  const price = batchPrice(priceOf(batch.model));
  const ended = `batch ${remote.status}${remote.errors ? `: ${remote.errors}` : ''}`;
  for (const request of await openRequests(ctx.db, batch.id)) {
    if (ctx.signal.aborted) return;
    const close = closingOf(request, lines.get(request.customId), price, units, ended, ctx.clock().toISOString());
    if (!(await closeBatchRequest(ctx.db, refOf(request), close, ctx.clock().toISOString()))) continue;
    if (close.state === 'released') report.released++;
    else {
      report[close.state]++;
      report.spentUsd += close.settle.costUsd;
    }
  }
  await closeBatch(ctx.db, batch.id, ctx.clock().toISOString(), remote.errors);
  report.closed++;
  logClosed(ctx, batch, remote);
}

/** How a request ends, given its line of the output or error file (none: it was never answered). */
function closingOf(
  request: OpenRequest,
  line: BatchLine | undefined,
  price: Price,
  units: Map<string, string>,
  ended: string,
  at: string,
): RequestClose {
  if (!line) return { state: 'released', error: `no answer: ${ended}` };
  if (line.statusCode !== 200 || line.error !== null)
    return { state: 'released', error: line.error ?? `HTTP ${line.statusCode ?? '?'}` };
  const bound = {
    worstUsd: request.reservedUsd,
    maxInputTokens: request.maxInputTokens,
    maxOutputTokens: request.maxOutputTokens,
  };
  const usage = usageOf(line.body);
  const s = usage ? settledCost(price, usage, bound) : { costUsd: bound.worstUsd, usage: null, anomaly: null };
  const note = usage ? 'batch' : 'batch: no usage in the answer: settled at its worst case';
  const settle = { costUsd: s.costUsd, usage: s.usage, at, note, anomaly: s.anomaly };
  const checked = validateAnalysis(contentOf(line.body), units);
  if (!checked.ok) return { state: 'invalid', error: checked.error, settle, maxAttempts: MAX_ATTEMPTS };
  const v = checked.value;
  return { state: 'analyzed', result: { ...v, tier: finalTier(request.sourceTier, v.evidenceTier) }, settle };
}

function refOf(r: OpenRequest): BatchRequestRef {
  return { id: r.id, analysisId: r.analysisId, llmCallId: r.llmCallId };
}

function logClosed(ctx: AnalyzeContext, batch: LlmBatchRow, remote: RemoteBatch): void {
  const how = remote.status === 'completed' ? 'collected' : `closed (${remote.status})`;
  const why = remote.errors ? `: ${remote.errors}` : '';
  ctx.logger.info(`batch ${batch.remote_id} (${batch.requests} requests) ${how}${why}`);
}
