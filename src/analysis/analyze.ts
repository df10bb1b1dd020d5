import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { roundMicroUsd, roundTo } from '../core/rounding.js';
import type { Logger } from '../core/logger.js';
import {
  type AnalysisResult,
  type ClaimedEvent,
  type ClaimRequest,
  claimAndStore,
  claimNext,
  completeAnalysis,
  findReusable,
  listCandidates,
  recordFailedAttempt,
  releaseClaim,
  renewClaim,
} from '../db/repos/analyses-repo.js';
import type { Database } from '../db/open-database.js';
import { callBytes, type LlmBackend } from '../llm/llm-backend.js';
import { analysisJsonSchema, finalTier, validateAnalysis } from './analysis-schema.js';
import { type CallResult, callWithBudget, refusalResult } from './call-with-budget.js';
import type { BatchQueue } from './batch-queue.js';
import { OFFLINE_MODEL, analyzeOffline } from './offline-analyzer.js';
import { buildMessages, PROMPT_VERSION } from './prompt.js';
import type { EventFilter } from './event-filter.js';
import { markFiltered } from '../db/repos/filtered-analyses-repo.js';
import { storyPlan } from './story-reuse.js';
import { anyInOpenBatch } from '../db/repos/llm-batches-repo.js';

export const MAX_ATTEMPTS = 3;
/** A claim outlives any one event's work; a dead process's claims free up after it. */
const CLAIM_LEASE_MS = 10 * 60_000;
/** Events the offline analyser claims and stores per transaction. */
const OFFLINE_BATCH = 200;

export interface AnalyzeContext {
  db: Database;
  config: Config;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
}

export interface AnalyzeOptions {
  provider: 'openai' | 'offline';
  model: string;
  maxEvents: number;
  sinceIso: string | null;
  eventId: number | null;
  force: boolean;
  concurrency: number;
  /** Config `filters`, compiled, with their fingerprint: what the model is never sent (null: none). */
  filter?: { check: EventFilter; hash: string } | null;
  /** `analyze --batch`: what would be sent is queued here (reserved at batch prices) instead. */
  batch?: BatchQueue | null;
  onEvent?: (done: number, outcome: EventOutcome) => void;
}

export interface EventOutcome {
  id: number;
  status: 'analyzed' | 'reused' | 'failed' | 'skipped' | 'filtered' | 'batched';
  significance: number | null;
  error: string | null;
}

export interface AnalyzeReport {
  provider: string;
  model: string;
  promptVersion: string;
  analyzed: number;
  reused: number;
  failed: number;
  skippedForBudget: number;
  /** Held back from the model by config `filters` this run (stored, never sent). */
  filtered: number;
  /** Queued for the Batch API by `analyze --batch` (sent once the batch is created). */
  batched: number;
  spentUsd: number;
  /** This run's spend ÷ the events it analysed (null when it analysed none). */
  costPerEventUsd: number | null;
  budgetStopped: boolean;
  /** Which limit stopped the run: the daily hard limit or the monthly one. */
  budgetLimit: 'daily' | 'monthly' | null;
  events: EventOutcome[];
}

/**
 * Analyses events newest first: each claimed atomically with a lease (so concurrent runs
 * never send one event twice), reused when the same content was already analysed by this
 * model and prompt, else judged by the LLM under the budget gate (or offline). One result
 * per event; never throws mid-batch except for a configuration problem (bad key, model).
 */
export async function analyzeEvents(
  ctx: AnalyzeContext,
  options: AnalyzeOptions,
  llm: LlmBackend | null,
): Promise<AnalyzeReport> {
  const model = options.provider === 'offline' ? OFFLINE_MODEL : options.model;
  const token = randomUUID();
  const units = new Map(ctx.config.signposts.map((s) => [s.code, s.unit]));
  const schema = analysisJsonSchema([...units.keys()]);
  const report: AnalyzeReport = {
    provider: options.provider,
    model,
    promptVersion: PROMPT_VERSION,
    analyzed: 0,
    reused: 0,
    failed: 0,
    skippedForBudget: 0,
    filtered: 0,
    batched: 0,
    spentUsd: 0,
    costPerEventUsd: null,
    budgetStopped: false,
    budgetLimit: null,
    events: [],
  };
  const claimRequest = (): ClaimRequest => {
    const now = ctx.clock();
    return {
      provider: options.provider,
      model,
      promptVersion: PROMPT_VERSION,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + CLAIM_LEASE_MS).toISOString(),
      token,
      sinceIso: options.sinceIso,
      eventId: options.eventId,
      force: options.force,
      maxAttempts: MAX_ATTEMPTS,
    };
  };

  let claimed = 0;
  let deferred = 0;
  let cursor: ClaimRequest['after'] = null;
  let fatal: unknown = null;
  const stopped = () => report.budgetStopped || ctx.signal.aborted || fatal !== null;

  const finish = (outcome: EventOutcome) => {
    report.events.push(outcome);
    if (outcome.status === 'analyzed') report.analyzed++;
    else if (outcome.status === 'reused') report.reused++;
    else if (outcome.status === 'failed') report.failed++;
    else if (outcome.status === 'filtered') report.filtered++;
    else if (outcome.status === 'batched') report.batched++;
    options.onEvent?.(report.events.length, outcome);
  };

  const worker = async () => {
    while (!stopped() && claimed < options.maxEvents) {
      claimed++;
      const event = await claimNext(ctx.db, { ...claimRequest(), after: cursor });
      if (!event) {
        claimed--;
        return;
      }
      cursor = { seenAt: event.seenAt, eventId: event.eventId };
      try {
        const outcome = await analyzeOne(event);
        if (outcome) finish(outcome);
        // Budget stop or interruption: the event goes back untouched. A filtered event cost
        // nothing and does not count against --max-events.
        if (!outcome || outcome.status === 'filtered') claimed--;
      } catch (err) {
        await releaseClaim(ctx.db, event.analysisId, ctx.clock().toISOString(), errorMessage(err));
        fatal ??= err;
      }
      // Offline work never waits on I/O: yield, so a SIGINT/SIGTERM is seen between events.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  const analyzeOne = async (event: ClaimedEvent): Promise<EventOutcome | null> => {
    const at = () => ctx.clock().toISOString();
    if (options.provider === 'offline' || !llm) {
      const result = analyzeOffline(event);
      await completeAnalysis(ctx.db, event.analysisId, result, at());
      return { id: event.eventId, status: 'analyzed', significance: result.significance, error: null };
    }
    // Filters hold events back from the model only: the offline analyser above costs nothing.
    // `--event N` is a deliberate request and is sent whatever the filters say.
    const heldBack = options.eventId === null && options.filter ? options.filter.check(event) : null;
    if (heldBack !== null && options.filter) {
      await markFiltered(ctx.db, event.analysisId, `not sent: ${heldBack}`, options.filter.hash, at());
      return { id: event.eventId, status: 'filtered', significance: null, error: heldBack };
    }
    const reusable = await findReusable(ctx.db, event.contentHash, model, PROMPT_VERSION, event.analysisId);
    if (reusable) {
      await completeAnalysis(ctx.db, event.analysisId, rowToResult(reusable), at(), reusable.id);
      return { id: event.eventId, status: 'reused', significance: reusable.significance, error: null };
    }
    // Another source's report of the same story: paid once, each report keeping its own tier.
    let story = await storyPlan(ctx.db, event, model, PROMPT_VERSION);
    // Before the in-flight check below, which reaches storiesInFlight.set without awaiting anything new.
    if (story?.kind === 'send') {
      const mates = [story.story.lead, ...story.story.others].map((e) => e.id).filter((id) => id !== event.eventId);
      if (await anyInOpenBatch(ctx.db, mates)) {
        // Another report of its story waits in an open batch: once collected, it is reused.
        await releaseClaim(ctx.db, event.analysisId, at());
        return { id: event.eventId, status: 'skipped', significance: null, error: 'its story is in an open batch' };
      }
    }
    const sending = story?.kind === 'send' ? storiesInFlight.get(story.story.lead.id) : undefined;
    if (sending) {
      // Another worker of this run is sending this story: wait for its analysis, then reuse it.
      await sending;
      story = await storyPlan(ctx.db, event, model, PROMPT_VERSION);
    }
    if (story?.kind === 'reuse') {
      const result = { ...rowToResult(story.from), tier: story.tier };
      await completeAnalysis(ctx.db, event.analysisId, result, at(), story.from.id);
      return { id: event.eventId, status: 'reused', significance: story.from.significance, error: null };
    }
    const send = (sent: ClaimedEvent) =>
      options.batch ? queueModel(options.batch, event, sent) : callModel(llm, event, sent);
    if (!story) return send(event);
    const lead = story.story.lead.id;
    if (queuedStories.has(lead)) {
      // Its story is already in this batch: once collected, a later run reuses that analysis.
      await releaseClaim(ctx.db, event.analysisId, at());
      return { id: event.eventId, status: 'skipped', significance: null, error: 'its story is in this batch' };
    }
    if (options.batch) queuedStories.add(lead);
    const call = send(story.event);
    storiesInFlight.set(lead, call);
    try {
      return await call;
    } finally {
      storiesInFlight.delete(lead);
    }
  };

  // Stories being sent by this run, by lead event: their other reports wait, then reuse.
  const storiesInFlight = new Map<number, Promise<unknown>>();
  // Stories whose lead this `--batch` run queued: paid once, in the batch.
  const queuedStories = new Set<number>();

  /** A budget refusal: the run stops, or the event waits, or it fails; its claim is given back. */
  const refused = async (
    event: ClaimedEvent,
    answer: Extract<CallResult, { kind: 'budget' | 'interrupted' | 'deferred' | 'never-fits' | 'unbilled' }>,
  ): Promise<EventOutcome | null> => {
    const at = ctx.clock().toISOString();
    if (answer.kind === 'budget' || answer.kind === 'interrupted') {
      if (answer.kind === 'budget') {
        report.budgetStopped = true;
        report.budgetLimit ??= answer.limit;
      }
      await releaseClaim(ctx.db, event.analysisId, at);
      return null;
    }
    if (answer.kind === 'deferred') {
      // Smaller events still fit: this one waits for a day with more room, the run goes on.
      deferred++;
      await releaseClaim(ctx.db, event.analysisId, at);
      return { id: event.eventId, status: 'skipped', significance: null, error: answer.error };
    }
    await releaseClaim(ctx.db, event.analysisId, at, answer.error);
    return { id: event.eventId, status: 'failed', significance: null, error: answer.error };
  };

  /** `--batch`: reserves `sent`'s request at batch prices and queues it as `event`'s. */
  const queueModel = async (queue: BatchQueue, event: ClaimedEvent, sent: ClaimedEvent) => {
    if (ctx.signal.aborted) return refused(event, { kind: 'interrupted' });
    const messages = buildMessages(sent, ctx.config.signposts);
    const bound = queue.callBound(callBytes(messages, schema), messages.length);
    const reservation = await queue.gate.tryReserve(bound, event.eventId);
    if ('refused' in reservation) return refused(event, refusalResult(ctx, reservation, bound));
    queue.requests.push({ event, messages, bound, reservation });
    return { id: event.eventId, status: 'batched' as const, significance: null, error: null };
  };

  /** Sends `sent` (the event, or its story's lead's text) and stores the answer as `event`'s analysis. */
  const callModel = async (llm: LlmBackend, event: ClaimedEvent, sent: ClaimedEvent): Promise<EventOutcome | null> => {
    const at = () => ctx.clock().toISOString();
    let retryError: string | undefined;
    for (let billedThisRun = 0; ;) {
      const messages = buildMessages(sent, ctx.config.signposts, retryError);
      const bound = llm.callBound(callBytes(messages, schema), messages.length);
      const answer = await callWithBudget(ctx, llm, { messages, schema, bound, eventId: event.eventId });
      if (answer.kind !== 'answer' && answer.kind !== 'billed-failure') return refused(event, answer);
      report.spentUsd += answer.cost;
      billedThisRun++;
      const checked =
        answer.kind === 'answer'
          ? validateAnalysis(answer.content, units)
          : { ok: false as const, error: answer.error };
      if (checked.ok) {
        const v = checked.value;
        const result: AnalysisResult = { ...v, tier: finalTier(event.sourceTier, v.evidenceTier) };
        await completeAnalysis(ctx.db, event.analysisId, result, at());
        return { id: event.eventId, status: 'analyzed', significance: v.significance, error: null };
      }
      const attempts = await recordFailedAttempt(ctx.db, event.analysisId, checked.error, at(), MAX_ATTEMPTS);
      // Retried once now with the validation error; later runs try again up to MAX_ATTEMPTS in all.
      if (attempts >= MAX_ATTEMPTS || billedThisRun >= 2 || stopped()) {
        return { id: event.eventId, status: 'failed', significance: null, error: checked.error };
      }
      await claimNextAttempt(event);
      retryError = checked.error;
    }
  };

  // recordFailedAttempt let go of the claim; take it back for the immediate retry.
  const claimNextAttempt = (event: ClaimedEvent) =>
    renewClaim(ctx.db, event.analysisId, new Date(ctx.clock().getTime() + CLAIM_LEASE_MS).toISOString(), token);

  /**
   * The offline analyser costs nothing and waits on nothing: each batch of events is claimed
   * and stored in one transaction (a transaction per event, and a claim row written and then
   * rewritten, cost far more than the rules), in the same order, never over a live lease.
   * Between batches, a SIGINT/SIGTERM is seen.
   */
  const offlineBatches = async () => {
    while (!stopped() && claimed < options.maxEvents) {
      const request = { ...claimRequest(), after: cursor };
      const limit = Math.min(OFFLINE_BATCH, options.maxEvents - claimed);
      const done = await claimAndStore(ctx.db, request, limit, analyzeOffline);
      if (done.length === 0) return;
      claimed += done.length;
      const last = done[done.length - 1]?.event as ClaimedEvent;
      cursor = { seenAt: last.seenAt, eventId: last.eventId };
      for (const { event, result } of done)
        finish({ id: event.eventId, status: 'analyzed', significance: result.significance, error: null });
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  if (options.provider === 'offline' || !llm) await offlineBatches();
  // `concurrency` workers, each claiming its next event when the last one is done.
  else await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  if (fatal) throw fatal;
  report.skippedForBudget = deferred;
  if (report.budgetStopped) {
    // Everything still waiting (this run's deferrals included), up to what the run would have taken.
    const waiting = (await listCandidates(ctx.db, { ...claimRequest(), token: randomUUID() }, options.maxEvents))
      .length;
    report.skippedForBudget = Math.max(0, Math.min(options.maxEvents - claimed + deferred, waiting));
  }
  // A fraction of a cent: kept to the nano-dollar.
  report.costPerEventUsd = report.analyzed > 0 ? roundTo(report.spentUsd / report.analyzed, 9) : null;
  report.spentUsd = roundMicroUsd(report.spentUsd);
  return report;
}

function rowToResult(row: {
  significance: number | null;
  tier: string | null;
  categories: string | null;
  signposts: string | null;
  summary: string | null;
  rationale: string | null;
}): AnalysisResult {
  return {
    significance: row.significance ?? 0,
    tier: row.tier ?? 'D',
    categories: JSON.parse(row.categories ?? '[]'),
    signposts: JSON.parse(row.signposts ?? '[]'),
    summary: row.summary ?? '',
    rationale: row.rationale ?? '',
  };
}
