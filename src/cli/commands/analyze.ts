import { randomUUID } from 'node:crypto';
import { type AnalyzeReport, analyzeEvents, type LlmBackend, MAX_ATTEMPTS } from '../../analysis/analyze.js';
import { OFFLINE_MODEL } from '../../analysis/offline-analyzer.js';
import { PROMPT_VERSION } from '../../analysis/prompt.js';
import { DAY_MS } from '../../core/clock.js';
import { AppError, ExitCode } from '../../core/errors.js';
import { analysisStateOf, listCandidates } from '../../db/repos/analyses-repo.js';
import type { Database } from '../../db/open-database.js';
import { priceOf } from '../../llm/pricing.js';
import { dayTotals } from '../../db/repos/llm-calls-repo.js';
import { alertOnBudget } from '../../ops/alert-triggers.js';
import { Alerter } from '../../ops/alerter.js';
import { pingerFor } from '../../ops/healthcheck-ping.js';
import { runJob } from '../../ops/run-job.js';
import type { CommandContext } from '../context.js';
import { openLlmBackend, resolveProvider } from '../llm-backend.js';
import { intFlag } from '../parse-flags.js';
import { renderTable, truncate } from '../render/table.js';
import { plural } from '../../core/wording.js';

export interface AnalyzeFlags {
  maxEvents?: string;
  since?: string;
  provider?: string;
  model?: string;
  concurrency?: string;
  event?: string;
  force?: boolean;
  dryRun?: boolean;
}

export async function analyzeCommand(ctx: CommandContext, flags: AnalyzeFlags): Promise<number> {
  const config = ctx.loaded.config;
  const provider = resolveProvider(config, flags.provider);
  const model = flags.model ?? config.llm.model;
  const price = provider === 'openai' ? priceOf(model, config.pricing) : null; // unpriced → refused before any call
  const maxEvents = intFlag(flags.maxEvents, '--max-events', 1, 1_000_000) ?? config.analyze.maxEvents;
  const concurrency = intFlag(flags.concurrency, '--concurrency', 1, 64) ?? config.analyze.concurrency;
  const since = intFlag(flags.since, '--since', 0, 100_000);
  const eventId = intFlag(flags.event, '--event', 1) ?? null;
  const sinceIso = since === undefined ? null : new Date(ctx.clock().getTime() - since * DAY_MS).toISOString();

  const db = await ctx.openDb();
  const alerter = new Alerter(db, config.alerts, ctx.clock, ctx.logger, ctx.notices);
  try {
    if (flags.dryRun) return await dryRun(ctx, db, { provider, model: provider === 'offline' ? OFFLINE_MODEL : model, sinceIso, eventId, force: Boolean(flags.force), maxEvents });
    const report = await runJob('analyze', { db, clock: ctx.clock, signal: ctx.signal, leaseMs: config.lock.leaseMs, lock: false, pinger: pingerFor(config.healthchecks, 'analyze', ctx.logger, ctx.notices), alerter }, async (runId) => {
      const llm: LlmBackend | null = provider === 'openai' && price ? await openLlmBackend(ctx, db, model, price, runId) : null;
      const result = await analyzeEvents(
        { db, config, clock: ctx.clock, logger: ctx.logger, signal: ctx.signal },
        {
          provider,
          model,
          maxEvents,
          sinceIso,
          eventId,
          force: Boolean(flags.force),
          concurrency,
          onEvent: (done, o) => ctx.io.status(`[${done}] event ${o.id}: ${o.status}`),
        },
        llm,
      );
      ctx.io.status('');
      const { events: _events, ...counts } = result;
      return { status: result.failed > 0 || result.budgetStopped || result.skippedForBudget > 0 ? 'partial' : 'success', counts, result };
    });
    if (provider === 'openai') {
      const now = ctx.clock();
      const day = now.toISOString().slice(0, 10);
      const totals = await dayTotals(db, day, now.toISOString());
      await alertOnBudget(alerter, config, day, totals.settledUsd + totals.reservedUsd, report.budgetStopped).catch(() => {});
    }
    const note = eventId !== null && report.events.length === 0 && !report.budgetStopped ? await whyNothingToDo(db, eventId, report, sinceIso) : null;
    ctx.io.out(ctx.io.json ? JSON.stringify(note ? { ...report, note } : report) : `${renderReport(report, ctx.io.color)}${note ? `\n${note}` : ''}`);
    if (report.budgetStopped) {
      ctx.io.err(
        report.budgetLimit === 'monthly'
          ? `agi-tracker: budget: no further call fits under the monthly limit of $${config.budget.monthlyLimitUsd} this month (UTC); ${plural(report.skippedForBudget, 'event')} left for later`
          : `agi-tracker: budget: no further call fits under the hard limit of $${config.budget.hardLimitUsd} today (UTC); ${plural(report.skippedForBudget, 'event')} left for later`,
      );
      return ExitCode.budget;
    }
    if (report.skippedForBudget > 0) {
      ctx.logger.warn(`${report.skippedForBudget} event(s) too large for what is left of today's budget: left for later`);
    }
    return report.failed > 0 ? ExitCode.failed : ExitCode.ok;
  } finally {
    await db.close();
  }
}

/**
 * `analyze --event N` found nothing to do: an unknown event is an error (exit 1); one that
 * needs nothing is said so (exit 0).
 */
async function whyNothingToDo(db: Database, eventId: number, r: AnalyzeReport, sinceIso: string | null): Promise<string> {
  const state = await analysisStateOf(db, eventId, r.provider, r.model, r.promptVersion);
  if (!state.exists) throw new AppError('not-found', `event ${eventId} does not exist`);
  const by = `${r.provider} (${r.model}, prompt ${r.promptVersion})`;
  if (state.status === 'ok') return `event ${eventId} is already analysed by ${by}: nothing to do (use --force to analyse it again)`;
  if (state.status === 'failed' || (state.status === 'pending' && state.attempts >= MAX_ATTEMPTS))
    return `event ${eventId} failed analysis by ${by} ${state.attempts} times: nothing to do (use --force to try again)`;
  if (state.status === 'pending' && state.leaseUntil !== null) return `event ${eventId} is being analysed by another run: nothing to do`;
  if (sinceIso !== null) return `event ${eventId} is older than --since: nothing to do`;
  return `event ${eventId} needs no analysis: nothing to do`;
}

async function dryRun(
  ctx: CommandContext,
  db: Database,
  r: { provider: string; model: string; sinceIso: string | null; eventId: number | null; force: boolean; maxEvents: number },
): Promise<number> {
  const events = await listCandidates(
    db,
    { provider: r.provider, model: r.model, promptVersion: PROMPT_VERSION, now: ctx.clock().toISOString(), token: randomUUID(), sinceIso: r.sinceIso, eventId: r.eventId, force: r.force, maxAttempts: MAX_ATTEMPTS },
    r.maxEvents,
  );
  if (ctx.io.json) ctx.io.out(JSON.stringify({ provider: r.provider, model: r.model, wouldAnalyze: events.map((e) => ({ id: e.eventId, title: e.title, source: e.sourceId })) }));
  else {
    ctx.io.out(renderTable(['id', 'source', 'title'], events.map((e) => [e.eventId, e.sourceId, truncate(e.title, 80)]), ctx.io.color));
    ctx.io.out(`${plural(events.length, 'event')} would be analysed by ${r.provider} (${r.model}); nothing was sent`);
  }
  return ExitCode.ok;
}

/** Every event of a small run; of a large one only those that did not succeed. */
function renderReport(r: AnalyzeReport, color: boolean): string {
  const shown = r.events.length <= 20 ? r.events : r.events.filter((e) => e.status === 'failed');
  const rows = shown.map((e) => [e.id, e.status, e.significance ?? '', truncate(e.error ?? '', 60)]);
  const table = rows.length ? `${renderTable(['event', 'status', 'significance', 'error'], rows, color)}\n` : '';
  return `${table}${r.provider} (${r.model}, prompt ${r.promptVersion}): ${r.analyzed} analyzed, ${r.reused} reused, ${r.failed} failed, ${r.skippedForBudget} skipped for budget, $${r.spentUsd.toFixed(4)} spent`;
}
