import { type Prediction, type Scores, scoreGold, type ItemMistake } from '../analysis/eval-score.js';
import { evaluateGold } from '../analysis/evaluate.js';
import { readGoldSet } from '../analysis/gold-set.js';
import { OFFLINE_MODEL } from '../analysis/offline-analyzer.js';
import { PROMPT_VERSION } from '../analysis/prompt.js';
import { type EvalRunRow, evalHistory, recordEvalRun } from '../db/repos/eval-runs-repo.js';
import { priceOf } from '../llm/pricing.js';
import { interruption } from '../ops/run-job.js';
import type { JobContext } from './job-context.js';
import type { JobOutcome } from './job-outcome.js';
import { openLlmBackend, resolveProvider } from './llm-backend.js';

export interface EvalOptions {
  /** A gold file of the shipped set's shape (default: the shipped set). */
  gold?: string;
  provider?: string;
  model?: string;
  /** Floors on codes and values precision / recall: below one, the run fails (exit 1). */
  minPrecision?: number;
  minRecall?: number;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface EvalResult {
  id: number | null;
  provider: string;
  model: string;
  promptVersion: string;
  gold: { name: string; sha256: string; items: number };
  overall: Scores;
  parts: Record<string, Scores>;
  calls: number;
  costUsd: number;
  ms: number;
  floors: { precision: number | null; recall: number | null };
  /** Which floors the scores fell below, as `codes precision 0.71 < 0.9`. */
  belowFloors: string[];
  mistakes: ItemMistake[];
}

/**
 * `analyze eval`: the configured analyser on a gold set, scored and stored per (model, prompt
 * version); paid through the budget ledger like any analysis. `failed` below a floor, `budget`
 * when the limits stopped it before every item was judged (nothing is stored then).
 */
export async function analyzeEvalJob(ctx: JobContext, options: EvalOptions = {}): Promise<JobOutcome<EvalResult>> {
  const { config } = ctx;
  const gold = readGoldSet(options.gold, new Set(config.signposts.map((s) => s.code)));
  const provider = resolveProvider(config, options.provider);
  const model = provider === 'offline' ? OFFLINE_MODEL : (options.model ?? config.llm.model);
  const price = provider === 'openai' ? priceOf(model, config.pricing) : null; // unpriced → refused before any call
  const db = await ctx.openDb();
  try {
    const llm = price ? await openLlmBackend(ctx, db, model, price, null) : null;
    const run = await evaluateGold(
      { db, config, clock: ctx.clock, logger: ctx.logger, signal: ctx.signal },
      gold.items,
      llm,
      options.concurrency ?? config.analyze.concurrency,
      (done) => options.onProgress?.(done, gold.items.length),
    );
    if (run.interrupted || ctx.signal.aborted) throw interruption(ctx.signal);
    const units = new Map(config.signposts.map((s) => [s.code, s.unit]));
    const predictions = gold.items.map(
      (_, i): Prediction => run.predictions[i] ?? { signposts: [], tier: null, error: 'not judged' },
    );
    const scored = scoreGold(gold.items, predictions, (code) => units.get(code) ?? '');
    const floors = { precision: options.minPrecision ?? null, recall: options.minRecall ?? null };
    const result: EvalResult = {
      id: null,
      provider,
      model,
      promptVersion: PROMPT_VERSION,
      gold: { name: gold.name, sha256: gold.sha256, items: gold.items.length },
      overall: scored.overall,
      parts: scored.parts,
      calls: run.calls,
      costUsd: run.spentUsd,
      ms: run.ms,
      floors,
      belowFloors: belowFloors(scored.overall, floors),
      mistakes: scored.mistakes,
    };
    if (run.budgetLimit) {
      const limit =
        run.budgetLimit === 'monthly'
          ? `the monthly limit of $${config.budget.monthlyLimitUsd}`
          : `the daily hard limit of $${config.budget.hardLimitUsd}`;
      const message =
        `budget: no further call fits under ${limit}; the eval stopped before every item was judged ` +
        `($${run.spentUsd.toFixed(4)} spent) and nothing was stored`;
      return { verdict: 'budget', result, problem: { code: 'budget', message } };
    }
    result.id = await recordEvalRun(db, {
      at: ctx.clock().toISOString(),
      provider,
      model,
      prompt_version: PROMPT_VERSION,
      gold_name: gold.name,
      gold_sha256: gold.sha256,
      items: gold.items.length,
      failed: scored.overall.failed,
      codes_precision: scored.overall.codes.precision,
      codes_recall: scored.overall.codes.recall,
      values_precision: scored.overall.values.precision,
      values_recall: scored.overall.values.recall,
      tier_agreement: scored.overall.tierAgreement,
      parts: JSON.stringify(scored.parts),
      calls: run.calls,
      cost_usd: run.spentUsd,
      ms: run.ms,
    });
    if (result.belowFloors.length === 0) return { verdict: 'ok', result };
    const message = `${model} (prompt ${PROMPT_VERSION}) is below the floor: ${result.belowFloors.join(', ')}`;
    return { verdict: 'failed', result, problem: { code: 'below-floor', message } };
  } finally {
    await db.close();
  }
}

/**
 * Codes and values alike: a precision with no prediction at all, or a recall with nothing to
 * find, cannot fall below a floor (there was nothing to get wrong).
 */
function belowFloors(s: Scores, floors: EvalResult['floors']): string[] {
  const out: string[] = [];
  const check = (what: string, value: number | null, floor: number | null) => {
    if (floor !== null && value !== null && value < floor) out.push(`${what} ${value.toFixed(3)} < ${floor}`);
  };
  check('codes precision', s.codes.precision, floors.precision);
  check('values precision', s.values.precision, floors.precision);
  check('codes recall', s.codes.recall, floors.recall);
  check('values recall', s.values.recall, floors.recall);
  return out;
}

/** `analyze eval --history`: the stored runs, grouped by (model, prompt version). Read-only. */
export async function evalHistoryJob(
  ctx: JobContext,
  options: { model?: string; limit?: number } = {},
): Promise<EvalRunRow[]> {
  const db = await ctx.openDb({ mustExist: true });
  try {
    return await evalHistory(db, { model: options.model, limit: options.limit ?? 100 });
  } finally {
    await db.close();
  }
}
