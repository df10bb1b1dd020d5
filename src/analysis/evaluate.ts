import type { ClaimedEvent } from '../db/repos/analyses-repo.js';
import { callBytes, type LlmBackend } from '../llm/llm-backend.js';
import { roundMicroUsd } from '../core/rounding.js';
import type { AnalyzeContext } from './analyze.js';
import { analysisJsonSchema, finalTier, validateAnalysis } from './analysis-schema.js';
import { callWithBudget } from './call-with-budget.js';
import type { Prediction } from './eval-score.js';
import type { GoldItem } from './gold-set.js';
import { analyzeOffline } from './offline-analyzer.js';
import { buildMessages } from './prompt.js';

export interface EvaluationRun {
  predictions: Prediction[];
  /** Billed calls (retries after an invalid answer included). */
  calls: number;
  spentUsd: number;
  ms: number;
  /** Which limit stopped it before every item was judged, if one did. */
  budgetLimit: 'daily' | 'monthly' | null;
  interrupted: boolean;
}

/**
 * Runs the analyser on every gold item exactly as `analyze` runs it on an event (same prompt,
 * same validation, same budget gate; an invalid answer is retried once with the error), with
 * the item's text as the title. Nothing is reused and nothing is stored here: each call is
 * paid through the ledger like any analysis. Offline (llm null) costs nothing.
 */
export async function evaluateGold(
  ctx: AnalyzeContext,
  items: GoldItem[],
  llm: LlmBackend | null,
  concurrency: number,
  onItem?: (done: number) => void,
): Promise<EvaluationRun> {
  const started = Date.now();
  const units = new Map(ctx.config.signposts.map((s) => [s.code, s.unit]));
  const schema = analysisJsonSchema([...units.keys()]);
  const run: EvaluationRun = { predictions: [], calls: 0, spentUsd: 0, ms: 0, budgetLimit: null, interrupted: false };
  const stopped = () => run.budgetLimit !== null || run.interrupted;

  const judge = async (item: GoldItem, index: number): Promise<Prediction | null> => {
    const event = goldEvent(item, index);
    if (!llm) {
      const r = analyzeOffline(event);
      return { signposts: r.signposts, tier: r.tier, error: null };
    }
    let retryError: string | undefined;
    for (let billed = 0; ;) {
      const messages = buildMessages(event, ctx.config.signposts, retryError);
      const bound = llm.callBound(callBytes(messages, schema), messages.length);
      const answer = await callWithBudget(ctx, llm, { messages, schema, bound, eventId: null });
      if (answer.kind === 'budget') {
        run.budgetLimit ??= answer.limit;
        return null;
      }
      if (answer.kind === 'interrupted') {
        run.interrupted = true;
        return null;
      }
      if (answer.kind === 'deferred' || answer.kind === 'never-fits' || answer.kind === 'unbilled')
        return { signposts: [], tier: null, error: answer.error };
      run.calls++;
      billed++;
      run.spentUsd += answer.cost;
      const checked =
        answer.kind === 'answer'
          ? validateAnalysis(answer.content, units)
          : { ok: false as const, error: answer.error };
      if (checked.ok)
        return {
          signposts: checked.value.signposts,
          tier: finalTier(event.sourceTier, checked.value.evidenceTier),
          error: null,
        };
      if (billed >= 2) return { signposts: [], tier: null, error: checked.error };
      retryError = checked.error;
    }
  };

  let next = 0;
  let done = 0;
  const worker = async () => {
    while (!stopped() && next < items.length) {
      const index = next++;
      const prediction = await judge(items[index] as GoldItem, index);
      if (prediction) run.predictions[index] = prediction;
      onItem?.(++done);
      // Offline judging never waits on I/O: yield, so a SIGINT/SIGTERM is seen between items.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, llm ? concurrency : 1) }, worker));
  run.spentUsd = roundMicroUsd(run.spentUsd);
  run.ms = Date.now() - started;
  return run;
}

/** A gold item as the event the prompt quotes: its text as the title, no link, its source tier. */
function goldEvent(item: GoldItem, index: number): ClaimedEvent {
  return {
    analysisId: 0,
    seenAt: '',
    eventId: index + 1,
    title: item.text,
    summary: '',
    url: '',
    sourceId: 'gold-set',
    sourceTier: item.sourceTier,
    kind: 'post',
    contentHash: '',
    publishedAt: null,
    attempts: 0,
  };
}
