import { ExitCode } from '../../core/errors.js';
import type { AnalyzeReport } from '../../analysis/analyze.js';
import { plural } from '../../core/wording.js';
import { type AnalysisPlan, type AnalyzeOptions, analyzeJob, planAnalysis } from '../../jobs/analyze.js';
import { type CommandContext, jobContextOf } from '../context.js';
import { finish } from '../exit-code.js';
import { intFlag } from '../parse-flags.js';
import { renderTable, truncate } from '../render/table.js';
import type { CollectReport } from '../../analysis/batch-collect.js';
import type { SubmittedBatch } from '../../analysis/batch-submit.js';
import { plainText } from '../../core/plain-text.js';

export interface AnalyzeFlags {
  maxEvents?: string;
  since?: string;
  provider?: string;
  model?: string;
  concurrency?: string;
  event?: string;
  force?: boolean;
  dryRun?: boolean;
  batch?: boolean;
  collect?: boolean;
}

export async function analyzeCommand(ctx: CommandContext, flags: AnalyzeFlags): Promise<number> {
  const options: AnalyzeOptions = {
    provider: flags.provider,
    model: flags.model,
    maxEvents: intFlag(flags.maxEvents, '--max-events', 1, 1_000_000),
    concurrency: intFlag(flags.concurrency, '--concurrency', 1, 64),
    sinceDays: intFlag(flags.since, '--since', 0, 100_000),
    eventId: intFlag(flags.event, '--event', 1) ?? null,
    force: Boolean(flags.force),
    batch: Boolean(flags.batch),
    collect: Boolean(flags.collect),
    onProgress: (done, o) => ctx.io.status(`[${done}] event ${o.id}: ${o.status}`),
  };
  if (flags.dryRun) {
    const plan = await planAnalysis(jobContextOf(ctx), options);
    ctx.io.out(ctx.io.json ? JSON.stringify(plan) : renderPlan(plan, ctx.io.color));
    return ExitCode.ok;
  }
  const outcome = await analyzeJob(jobContextOf(ctx), options);
  ctx.io.status('');
  const { note, collected, batch, ...report } = outcome.result;
  const lines = [
    ...(collected ? [renderCollected(collected)] : []),
    renderReport(report, ctx.io.color),
    ...(batch ? [renderBatch(batch)] : []),
    ...(note ? [note] : []),
  ];
  ctx.io.out(ctx.io.json ? JSON.stringify(outcome.result) : lines.join('\n'));
  return finish(ctx.io, outcome);
}

function renderCollected(c: CollectReport): string {
  const waiting = c.waiting ? `; ${plural(c.waiting, 'batch', 'batches')} still running` : '';
  const unreachable = c.unreachable ? `; ${plural(c.unreachable, 'batch', 'batches')} could not be read` : '';
  return (
    `batches: ${c.closed} of ${c.checked} collected: ${c.analyzed} analyzed, ${c.invalid} invalid, ` +
    `${c.released} released, $${c.spentUsd.toFixed(4)} settled at batch prices${waiting}${unreachable}`
  );
}

function renderBatch(b: SubmittedBatch): string {
  return (
    `batch ${plainText(b.id)} created: ${plural(b.requests, 'request')}, ` +
    `$${b.reservedUsd.toFixed(4)} reserved at batch prices; results within 24 h (analyze --collect)`
  );
}

function renderPlan(plan: AnalysisPlan, color: boolean): string {
  const table = renderTable(
    ['id', 'source', 'title'],
    plan.wouldAnalyze.map((e) => [e.id, e.source, truncate(e.title, 80)]),
    color,
  );
  const held = plan.wouldFilter.length ? `; ${plan.wouldFilter.length} held back by filters` : '';
  const would = `${plural(plan.wouldAnalyze.length, 'event')} would be analysed by ${plan.provider} (${plan.model})`;
  return `${table}\n${would}${held}; nothing was sent`;
}

/** Every event of a small run; of a large one only those that did not succeed. */
function renderReport(r: AnalyzeReport, color: boolean): string {
  const shown = r.events.length <= 20 ? r.events : r.events.filter((e) => e.status === 'failed');
  const rows = shown.map((e) => [e.id, e.status, e.significance ?? '', truncate(e.error ?? '', 60)]);
  const table = rows.length ? `${renderTable(['event', 'status', 'significance', 'error'], rows, color)}\n` : '';
  const counts =
    `${r.analyzed} analyzed, ${r.reused} reused, ${r.failed} failed, ` +
    `${r.skippedForBudget} skipped for budget, ${r.filtered} filtered, ` +
    (r.batched > 0 ? `${r.batched} batched, ` : '') +
    `$${r.spentUsd.toFixed(4)} spent` +
    (r.costPerEventUsd === null || r.spentUsd === 0 ? '' : ` ($${r.costPerEventUsd.toFixed(6)} per analysed event)`);
  return `${table}${r.provider} (${r.model}, prompt ${r.promptVersion}): ${counts}`;
}
