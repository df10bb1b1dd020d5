import { type Selectable, sql } from 'kysely';
import type { Database } from '../database.js';
import type { LlmBatchesTable } from '../schema.js';

export type LlmBatchRow = Selectable<LlmBatchesTable>;

export interface NewBatchRequest {
  customId: string;
  eventId: number;
  analysisId: number;
  llmCallId: number;
  maxInputTokens: number;
  maxOutputTokens: number;
}

export interface NewBatch {
  remoteId: string;
  model: string;
  promptVersion: string;
  inputFileId: string;
  remoteStatus: string;
  createdAt: string;
  jobRunId: number | null;
  /** Until when the claims and reservations of its requests are held (the batch's window and a margin). */
  holdUntil: string;
  requests: NewBatchRequest[];
}

/**
 * Stores a created batch and its requests, and holds their analysis claims and ledger
 * reservations until `holdUntil`, in one transaction: from here no live `analyze` or other
 * `--batch` claims these events, and no later run settles their reservations as abandoned.
 */
export function recordBatch(handle: Database, b: NewBatch): Promise<number> {
  return handle.writeTransaction(async (trx) => {
    const row = await trx
      .insertInto('llm_batches')
      .values({
        remote_id: b.remoteId,
        model: b.model,
        prompt_version: b.promptVersion,
        input_file_id: b.inputFileId,
        state: 'open',
        remote_status: b.remoteStatus,
        requests: b.requests.length,
        created_at: b.createdAt,
        job_run_id: b.jobRunId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < b.requests.length; i += 100) {
      const chunk = b.requests.slice(i, i + 100);
      await trx
        .insertInto('llm_batch_requests')
        .values(
          chunk.map((r) => ({
            batch_id: row.id,
            custom_id: r.customId,
            event_id: r.eventId,
            analysis_id: r.analysisId,
            llm_call_id: r.llmCallId,
            max_input_tokens: r.maxInputTokens,
            max_output_tokens: r.maxOutputTokens,
            state: 'open',
          })),
        )
        .execute();
      await trx
        .updateTable('analyses')
        .set({ lease_until: b.holdUntil })
        .where(
          'id',
          'in',
          chunk.map((r) => r.analysisId),
        )
        .execute();
      await trx
        .updateTable('llm_calls')
        .set({ lease_until: b.holdUntil })
        .where(
          'id',
          'in',
          chunk.map((r) => r.llmCallId),
        )
        .where('state', '=', 'reserved')
        .execute();
    }
    return row.id;
  });
}

export function openBatches(handle: Database): Promise<LlmBatchRow[]> {
  return handle.db.selectFrom('llm_batches').selectAll().where('state', '=', 'open').orderBy('id').execute();
}

export interface OpenRequest {
  id: number;
  customId: string;
  eventId: number;
  analysisId: number;
  llmCallId: number;
  reservedUsd: number;
  maxInputTokens: number;
  maxOutputTokens: number;
  sourceTier: string;
}

/** A batch's requests not settled yet, with their reservation and their event's source tier. */
export function openRequests(handle: Database, batchId: number): Promise<OpenRequest[]> {
  return handle.db
    .selectFrom('llm_batch_requests as r')
    .innerJoin('llm_calls as c', 'c.id', 'r.llm_call_id')
    .leftJoin('events as e', 'e.id', 'r.event_id')
    .leftJoin('sources as s', 's.id', 'e.source_id')
    .select((eb) => [
      'r.id',
      'r.custom_id as customId',
      'r.event_id as eventId',
      'r.analysis_id as analysisId',
      'r.llm_call_id as llmCallId',
      'c.reserved_usd as reservedUsd',
      'r.max_input_tokens as maxInputTokens',
      'r.max_output_tokens as maxOutputTokens',
      eb.fn.coalesce('s.tier', sql<string>`'D'`).as('sourceTier'),
    ])
    .where('r.batch_id', '=', batchId)
    .where('r.state', '=', 'open')
    .orderBy('r.id')
    .execute();
}

/** The provider's latest status of an open batch, and its files once it has them. */
export async function noteBatchStatus(
  handle: Database,
  id: number,
  s: { remoteStatus: string; outputFileId: string | null; errorFileId: string | null; at: string },
): Promise<void> {
  await handle.db
    .updateTable('llm_batches')
    .set({
      remote_status: s.remoteStatus,
      output_file_id: s.outputFileId,
      error_file_id: s.errorFileId,
      checked_at: s.at,
    })
    .where('id', '=', id)
    .execute();
}

/** Closes a batch once none of its requests is open any more. */
export async function closeBatch(handle: Database, id: number, at: string, note: string | null): Promise<void> {
  await handle.db
    .updateTable('llm_batches')
    .set({ state: 'closed', closed_at: at, note })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('llm_batch_requests').select('id').where('batch_id', '=', id).where('state', '=', 'open'),
        ),
      ),
    )
    .execute();
}

export interface OpenBatchSummary {
  id: string;
  model: string;
  status: string;
  createdAt: string;
  /** Requests still waiting for their answer. */
  requests: number;
  /** What those requests hold in the ledger (their worst cases at batch prices). */
  reservedUsd: number;
}

/** Open batches as `budget` and `status` show them. */
export async function openBatchSummaries(handle: Database): Promise<OpenBatchSummary[]> {
  const rows = await handle.db
    .selectFrom('llm_batches as b')
    .leftJoin('llm_batch_requests as r', (join) => join.onRef('r.batch_id', '=', 'b.id').on('r.state', '=', 'open'))
    .leftJoin('llm_calls as c', (join) => join.onRef('c.id', '=', 'r.llm_call_id').on('c.state', '=', 'reserved'))
    .select((eb) => [
      'b.remote_id as id',
      'b.model',
      'b.remote_status as status',
      'b.created_at as createdAt',
      eb.fn.count<number>('r.id').as('requests'),
      sql<number>`coalesce(sum(c.reserved_usd), 0)`.as('reservedUsd'),
    ])
    .where('b.state', '=', 'open')
    .groupBy(['b.id', 'b.remote_id', 'b.model', 'b.remote_status', 'b.created_at'])
    .orderBy('b.id')
    .execute();
  return rows.map((r) => ({ ...r, requests: Number(r.requests), reservedUsd: Number(r.reservedUsd) }));
}

/** Whether any of these events waits in an open batch (its story is paid for there). */
export async function anyInOpenBatch(handle: Database, eventIds: number[]): Promise<boolean> {
  if (eventIds.length === 0) return false;
  const row = await handle.db
    .selectFrom('llm_batch_requests')
    .select('id')
    .where('state', '=', 'open')
    .where('event_id', 'in', eventIds)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Holds a running batch's open requests a while longer (claims and reservations, never shortened):
 * a batch still finalizing when its first hold ends must not have its events claimed by live runs.
 */
export function extendHold(handle: Database, batchId: number, until: string): Promise<void> {
  return handle.writeTransaction(async (trx) => {
    const open = (col: 'analysis_id' | 'llm_call_id') =>
      trx.selectFrom('llm_batch_requests').select(col).where('batch_id', '=', batchId).where('state', '=', 'open');
    await trx
      .updateTable('analyses')
      .set({ lease_until: until })
      .where('id', 'in', open('analysis_id'))
      .where('lease_until', '<', until)
      .execute();
    await trx
      .updateTable('llm_calls')
      .set({ lease_until: until })
      .where('id', 'in', open('llm_call_id'))
      .where('state', '=', 'reserved')
      .where('lease_until', '<', until)
      .execute();
  });
}
