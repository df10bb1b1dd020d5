import { randomUUID } from 'node:crypto';
import { type AnalyzeReport, analyzeEvents, type EventOutcome, MAX_ATTEMPTS } from '../analysis/analyze.js';
import type { LlmBackend } from '../llm/llm-backend.js';
import { OFFLINE_MODEL } from '../analysis/offline-analyzer.js';
import { PROMPT_VERSION } from '../analysis/prompt.js';
import { DAY_MS } from '../core/durations.js';
import { AppError, errorMessage } from '../core/errors.js';
import { plural } from '../core/wording.js';
import type { Database } from '../db/open-database.js';
import { analysisStateOf, listCandidates } from '../db/repos/analyses-repo.js';
import { dayTotals } from '../db/repos/llm-calls-repo.js';
import { priceOf } from '../llm/pricing.js';
import { alertOnBudget } from '../ops/alert-triggers.js';
import type { JobContext } from './job-context.js';
import type { JobOutcome } from './job-outcome.js';
import { openLlmBackend, resolveProvider } from './llm-backend.js';
import { withJob } from './with-job.js';
import { eventFilter, filtersFingerprint } from '../analysis/event-filter.js';
import { requeueStaleFiltered } from '../db/repos/filtered-analyses-repo.js';
import type { CollectReport } from '../analysis/batch-collect.js';
import { giveBack, type SubmittedBatch, submitBatch } from '../analysis/batch-submit.js';
import { collectOpenBatches, openBatchClient, openBatchQueue } from './analyze-batch.js';

export interface AnalyzeOptions {
  /** `openai` or `offline` (default: config, then openai when a key is set). */
  provider?: string;
  /** Chat model (default: config `llm.model`). */
  model?: string;
  maxEvents?: number;
  /** Only events of the last N days. */
  sinceDays?: number;
  /** One event only. */
  eventId?: number | null;
  /** Analyse again what already has an analysis. */
  force?: boolean;
  concurrency?: number;
  /** Queue the events for OpenAI's Batch API (half price, results within 24 h) instead of calling live. */
  batch?: boolean;
  /** Only collect the open batches that have ended; analyse nothing else. */
  collect?: boolean;
  onProgress?: (done: number, event: EventOutcome) => void;
}

export interface AnalyzeResult extends AnalyzeReport {
  /** Why `--event N` did nothing, when it did nothing. */
  note?: string;
  /** What collecting the open batches did first (null: none was open, or none could be asked). */
  collected: CollectReport | null;
  /** The batch `--batch` created (null: none). */
  batch: SubmittedBatch | null;
}

/**
 * Judges stored events under the budget. Takes no job lock: events are claimed one by one
 * and the spend ledger guards the money. `budget` when the limits stopped it, `failed` when
 * some event failed.
 */
export async function analyzeJob(ctx: JobContext, options: AnalyzeOptions = {}): Promise<JobOutcome<AnalyzeResult>> {
  const { config } = ctx;
  const plan = planOf(ctx, options);
  if (options.batch && options.collect) throw new AppError('usage', '--batch and --collect do not go together');
  if (options.batch && plan.provider !== 'openai')
    throw new AppError(
      'usage',
      '--batch needs the openai provider (OPENAI_API_KEY): the offline analyser has no Batch API',
    );
  // An unpriced model is refused here, before any call.
  const price = plan.provider === 'openai' ? priceOf(plan.model, config.pricing) : null;
  return withJob(ctx, 'analyze', { lock: false }, async ({ db, alerter, record }) => {
    const report = await record(async (runId) => {
      const actx = { db, config, clock: ctx.clock, logger: ctx.logger, signal: ctx.signal };
      // Finished batches first: their events are stored (or claimable again) before anything is claimed.
      const collected = await collectOpenBatches(ctx, actx, Boolean(options.collect));
      const llm: LlmBackend | null =
        plan.provider === 'openai' && price && !options.collect
          ? await openLlmBackend(ctx, db, plan.model, price, runId)
          : null;
      const filter = llm ? filterOf(config) : null;
      if (llm) {
        // Events held back by other filters than today's are checked again under these.
        const scope = { provider: plan.provider, model: plan.model, promptVersion: PROMPT_VERSION };
        const requeued = await requeueStaleFiltered(db, scope, filter?.hash ?? null);
        if (requeued > 0) ctx.logger.info(`filters changed: ${plural(requeued, 'held-back event')} checked again`);
      }
      const queue = options.batch && price ? openBatchQueue(ctx, db, plan.model, price, runId) : null;
      // A run that fails before its batch is sent releases what it queued: nothing was sent.
      const analyzed = await analyzeEvents(
        actx,
        {
          provider: plan.provider,
          model: plan.model,
          // `--collect` claims nothing.
          maxEvents: options.collect ? 0 : plan.maxEvents,
          sinceIso: plan.sinceIso,
          eventId: plan.eventId,
          force: plan.force,
          concurrency: options.concurrency ?? config.analyze.concurrency,
          filter,
          batch: queue,
          onEvent: options.onProgress,
        },
        llm,
      ).catch(async (err: unknown) => {
        if (queue) await giveBack(actx, queue, `not sent: ${errorMessage(err)}`);
        throw err;
      });
      const batch = queue
        ? await submitBatch(actx, queue, await openBatchClient(ctx), {
            model: plan.model,
            maxOutputTokens: config.llm.maxOutputTokens,
            jobRunId: runId,
          })
        : null;
      if (batch) ctx.logger.info(`batch ${batch.id} created: ${plural(batch.requests, 'request')}`);
      const result: AnalyzeResult = { ...analyzed, collected, batch };
      const { events: _events, ...counts } = result;
      return {
        status:
          result.failed > 0 || result.budgetStopped || result.skippedForBudget > 0 || (collected?.unreachable ?? 0) > 0
            ? 'partial'
            : 'success',
        counts,
        result,
      };
    });
    if (plan.provider === 'openai' && alerter) {
      const now = ctx.clock();
      const day = now.toISOString().slice(0, 10);
      const totals = await dayTotals(db, day, now.toISOString());
      await alertOnBudget(alerter, config, day, totals.settledUsd + totals.reservedUsd, report.budgetStopped).catch(
        () => {},
      );
    }
    const note =
      plan.eventId !== null && report.events.length === 0 && !report.budgetStopped
        ? await whyNothingToDo(db, plan.eventId, report, plan.sinceIso)
        : null;
    const result: AnalyzeResult = note ? { ...report, note } : report;
    if (report.budgetStopped && report.batch) {
      // The batch was cut down to what fits: sent, the rest waits (exit 3, not 4).
      const message =
        `budget: the batch holds what fits under the ${report.budgetLimit === 'monthly' ? 'monthly' : 'hard'} ` +
        `limit (${plural(report.batch.requests, 'request')}); ${plural(report.skippedForBudget, 'event')} ` +
        'left for later';
      return { verdict: 'partial', result, problem: { code: 'budget', message } };
    }
    if (report.budgetStopped) {
      const left = `${plural(report.skippedForBudget, 'event')} left for later`;
      const message =
        report.budgetLimit === 'monthly'
          ? `budget: no further call fits under the monthly limit of $${config.budget.monthlyLimitUsd} ` +
            `this month (UTC); ${left}`
          : `budget: no further call fits under the hard limit of $${config.budget.hardLimitUsd} today (UTC); ${left}`;
      return { verdict: 'budget', result, problem: { code: 'budget', message } };
    }
    if (report.skippedForBudget > 0)
      ctx.logger.warn(
        `${report.skippedForBudget} event(s) too large for what is left of today's budget: left for later`,
      );
    if (report.failed > 0) return { verdict: 'failed', result };
    const unreachable = report.collected?.unreachable ?? 0;
    if (unreachable > 0) {
      // The rest was collected; the batches that could not be read stay open for the next run.
      const message = `${plural(unreachable, 'open batch', 'open batches')} could not be read (see the warnings)`;
      return { verdict: 'partial', result, problem: { code: 'fetch', message } };
    }
    return { verdict: 'ok', result };
  });
}

export interface AnalysisPlan {
  provider: 'openai' | 'offline';
  model: string;
  wouldAnalyze: { id: number; title: string; source: string }[];
  /** Candidates config `filters` would hold back from the model (openai only). */
  wouldFilter: { id: number; title: string; source: string; reason: string }[];
}

/** `analyze --dry-run`: what a run would analyse now; sends nothing, records no run. */
export async function planAnalysis(ctx: JobContext, options: AnalyzeOptions = {}): Promise<AnalysisPlan> {
  const plan = planOf(ctx, options);
  // An unpriced model is refused, as a real run would refuse it.
  if (plan.provider === 'openai') priceOf(plan.model, ctx.config.pricing);
  const model = plan.provider === 'offline' ? OFFLINE_MODEL : plan.model;
  const db = await ctx.openDb();
  try {
    const events = await listCandidates(
      db,
      {
        provider: plan.provider,
        model,
        promptVersion: PROMPT_VERSION,
        now: ctx.clock().toISOString(),
        token: randomUUID(),
        sinceIso: plan.sinceIso,
        eventId: plan.eventId,
        force: plan.force,
        maxAttempts: MAX_ATTEMPTS,
      },
      plan.maxEvents,
    );
    const filter = plan.provider === 'openai' && plan.eventId === null ? filterOf(ctx.config) : null;
    const held = events.map((e) => filter?.check(e) ?? null);
    return {
      provider: plan.provider,
      model,
      wouldAnalyze: events
        .filter((_, i) => held[i] === null)
        .map((e) => ({ id: e.eventId, title: e.title, source: e.sourceId })),
      wouldFilter: events.flatMap((e, i) => {
        const reason = held[i];
        return reason === null || reason === undefined
          ? []
          : [{ id: e.eventId, title: e.title, source: e.sourceId, reason }];
      }),
    };
  } finally {
    await db.close();
  }
}

/** Config `filters`, compiled, with the fingerprint stored on what they hold back; null without filters. */
function filterOf(config: JobContext['config']) {
  const check = eventFilter(config.filters);
  return check ? { check, hash: filtersFingerprint(config.filters) } : null;
}

/** The Batch API's limit of requests per batch (the rest waits for the next run). */
export const MAX_BATCH_REQUESTS = 50_000;

/** Options and config → what to analyse with; a provider without its key is refused here. */
function planOf(ctx: JobContext, options: AnalyzeOptions) {
  const { config } = ctx;
  const provider = resolveProvider(config, options.provider);
  const sinceIso =
    options.sinceDays === undefined ? null : new Date(ctx.clock().getTime() - options.sinceDays * DAY_MS).toISOString();
  return {
    provider,
    model: options.model ?? config.llm.model,
    // OpenAI takes at most 50,000 requests in one batch: a larger one would be refused whole.
    maxEvents: Math.min(options.maxEvents ?? config.analyze.maxEvents, options.batch ? MAX_BATCH_REQUESTS : Infinity),
    sinceIso,
    eventId: options.eventId ?? null,
    force: Boolean(options.force),
  };
}

/**
 * `analyze --event N` found nothing to do: an unknown event is an error (exit 1); one that
 * needs nothing is said so (exit 0).
 */
async function whyNothingToDo(
  db: Database,
  eventId: number,
  r: AnalyzeReport,
  sinceIso: string | null,
): Promise<string> {
  const state = await analysisStateOf(db, eventId, r.provider, r.model, r.promptVersion);
  if (!state.exists) throw new AppError('not-found', `event ${eventId} does not exist`);
  const by = `${r.provider} (${r.model}, prompt ${r.promptVersion})`;
  if (state.status === 'ok')
    return `event ${eventId} is already analysed by ${by}: nothing to do (use --force to analyse it again)`;
  if (state.status === 'failed' || (state.status === 'pending' && state.attempts >= MAX_ATTEMPTS))
    return (
      `event ${eventId} failed analysis by ${by} ${state.attempts} times: ` + 'nothing to do (use --force to try again)'
    );
  if (state.status === 'pending' && state.leaseUntil !== null)
    return `event ${eventId} is being analysed by another run: nothing to do`;
  if (sinceIso !== null) return `event ${eventId} is older than --since: nothing to do`;
  return `event ${eventId} needs no analysis: nothing to do`;
}
