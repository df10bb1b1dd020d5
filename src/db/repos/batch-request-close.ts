import type { Database } from '../database.js';
import { type AnalysisResult, completeAnalysisIn, recordFailedAttempt, releaseClaim } from './analyses-repo.js';
import { releaseCall, type Settle, settleCall } from './llm-calls-repo.js';

/** How one request of a batch ends. */
export type RequestClose =
  /** Answered and valid: settled from its usage, the analysis stored. */
  | { state: 'analyzed'; result: AnalysisResult; settle: Settle }
  /** Answered but rejected like a live answer: settled (it was billed), one failed attempt. */
  | { state: 'invalid'; error: string; settle: Settle; maxAttempts: number }
  /** Never answered (failed, expired, cancelled): its reservation released, the event claimable again. */
  | { state: 'released'; error: string };

export interface BatchRequestRef {
  id: number;
  analysisId: number;
  llmCallId: number;
}

/**
 * Ends one open request in one write transaction: its state, its ledger row and its analysis
 * change together or not at all, and only while it is still open. Collecting twice, or a run
 * that died halfway through a batch, never stores or settles a request twice. False when another
 * run had already closed it.
 */
export function closeBatchRequest(handle: Database, r: BatchRequestRef, close: RequestClose, at: string) {
  return handle.writeTransaction(async (trx): Promise<boolean> => {
    const error = close.state === 'analyzed' ? null : close.error.slice(0, 500);
    const marked = await trx
      .updateTable('llm_batch_requests')
      .set({ state: close.state, error, closed_at: at })
      .where('id', '=', r.id)
      .where('state', '=', 'open')
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) === 0) return false;
    const h = { db: trx };
    const claimFree = await leaseLapsed(trx, r.analysisId, at);
    if (claimFree || (await callState(trx, r.llmCallId)) !== 'reserved') {
      // The hold ran out before this was collected: its reservation was (or will be) settled at
      // its worst case, and a live run may hold the event now. A late answer is stored only where
      // no run holds the event; nothing is released or counted against a claim that is not ours.
      if (close.state === 'analyzed' && claimFree) await completeAnalysisIn(h, r.analysisId, close.result, at);
      return true;
    }
    if (close.state === 'released') {
      await releaseCall(h, r.llmCallId, at, `batch: ${error}`);
      await releaseClaim(h, r.analysisId, at, error);
      return true;
    }
    await settleCall(h, r.llmCallId, close.settle);
    if (close.state === 'analyzed') await completeAnalysisIn(h, r.analysisId, close.result, at);
    else await recordFailedAttempt(h, r.analysisId, close.error, at, close.maxAttempts);
    return true;
  });
}

async function callState(trx: Database['db'], id: number): Promise<string | undefined> {
  return (await trx.selectFrom('llm_calls').select('state').where('id', '=', id).executeTakeFirst())?.state;
}

async function leaseLapsed(trx: Database['db'], analysisId: number, at: string): Promise<boolean> {
  const row = await trx.selectFrom('analyses').select('lease_until').where('id', '=', analysisId).executeTakeFirst();
  return !row?.lease_until || row.lease_until < at;
}
