import type { ClaimedEvent } from '../db/repos/analyses-repo.js';
import type { BudgetGate, Reservation } from '../llm/budget-gate.js';
import type { ChatMessage } from '../llm/llm-backend.js';
import type { CallBound } from '../llm/pricing.js';

/** One event's request, written into the batch file: its claim, prompt and reservation. */
export interface QueuedRequest {
  event: ClaimedEvent;
  messages: ChatMessage[];
  bound: CallBound;
  reservation: Reservation;
}

/**
 * Where `analyze --batch` puts what a live run would send: each request's worst case already
 * reserved through `gate` at batch prices; batch-submit.ts uploads them as one batch.
 */
export interface BatchQueue {
  gate: BudgetGate;
  /** The most one request with this prompt can cost at batch prices. */
  callBound(promptBytes: number, messages: number): CallBound;
  requests: QueuedRequest[];
}
