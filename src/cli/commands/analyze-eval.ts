import { ExitCode } from '../../core/errors.js';
import type { Scores } from '../../analysis/eval-score.js';
import { plainDeep } from '../../core/plain-text.js';
import { analyzeEvalJob, type EvalResult, evalHistoryJob } from '../../jobs/analyze-eval.js';
import type { EvalRunRow } from '../../db/repos/eval-runs-repo.js';
import { type CommandContext, jobContextOf } from '../context.js';
import { finish } from '../exit-code.js';
import { intFlag, numberFlag } from '../parse-flags.js';
import { renderTable, truncate } from '../render/table.js';

export interface EvalFlags {
  gold?: string;
  provider?: string;
  model?: string;
  minPrecision?: string;
  minRecall?: string;
  concurrency?: string;
  history?: boolean;
}

/** Mistakes listed on a terminal (all of them under --json). */
const SHOWN_MISTAKES = 15;

export async function analyzeEvalCommand(ctx: CommandContext, flags: EvalFlags): Promise<number> {
  if (flags.history) {
    const rows = await evalHistoryJob(jobContextOf(ctx), { model: flags.model });
    ctx.io.out(ctx.io.json ? JSON.stringify({ runs: rows.map(historyJson) }) : renderHistory(rows, ctx.io.color));
    return ExitCode.ok;
  }
  const outcome = await analyzeEvalJob(jobContextOf(ctx), {
    gold: flags.gold,
    provider: flags.provider,
    model: flags.model,
    minPrecision: numberFlag(flags.minPrecision, '--min-precision', 0, 1),
    minRecall: numberFlag(flags.minRecall, '--min-recall', 0, 1),
    concurrency: intFlag(flags.concurrency, '--concurrency', 1, 64),
    onProgress: (done, total) => ctx.io.status(`[${done}/${total}] gold items judged`),
  });
  ctx.io.status('');
  // Gold text comes from a user's file and the model's answers: plain text on the way out.
  const result = plainDeep(outcome.result);
  ctx.io.out(ctx.io.json ? JSON.stringify(result) : renderResult(result, ctx.io.color));
  return finish(ctx.io, outcome);
}

const score = (n: number | null) => (n === null ? '—' : n.toFixed(3));

function scoreRow(name: string, s: Scores): (string | number)[] {
  return [
    name,
    s.items,
    score(s.codes.precision),
    score(s.codes.recall),
    score(s.values.precision),
    score(s.values.recall),
    score(s.tierAgreement),
    s.failed,
  ];
}

const SCORE_HEAD = ['part', 'items', 'codes P', 'codes R', 'values P', 'values R', 'tier', 'failed'];

function renderResult(r: EvalResult, color: boolean): string {
  const rows = [scoreRow('all', r.overall), ...Object.entries(r.parts).map(([name, s]) => scoreRow(name, s))];
  const lines = [
    renderTable(SCORE_HEAD, rows, color),
    `${r.provider} (${r.model}, prompt ${r.promptVersion}) on ${r.gold.name} (${r.gold.items} items): ` +
      `${r.calls} calls, $${r.costUsd.toFixed(4)} spent, ${(r.ms / 1000).toFixed(1)} s` +
      (r.id === null ? '' : `; stored as eval run ${r.id}`),
  ];
  if (r.mistakes.length) {
    lines.push('', `${r.mistakes.length} items not judged exactly as the gold set says:`);
    for (const m of r.mistakes.slice(0, SHOWN_MISTAKES)) {
      const what = [
        ...m.missing.map((c) => `missed ${c}`),
        ...m.extra.map((c) => `extra ${c}`),
        ...m.wrongValues.map((w) => `${w.code}=${w.got ?? 'none'} (gold ${w.expected ?? 'none'})`),
        ...(m.tier ? [`tier ${m.tier.got ?? 'none'} (gold ${m.tier.expected})`] : []),
        ...(m.error ? [`failed: ${m.error}`] : []),
      ];
      lines.push(`  [${m.part}] ${truncate(m.text, 70)}: ${truncate(what.join(', '), 120)}`);
    }
    if (r.mistakes.length > SHOWN_MISTAKES) lines.push(`  … and ${r.mistakes.length - SHOWN_MISTAKES} more (--json)`);
  }
  return lines.join('\n');
}

function historyJson(row: EvalRunRow) {
  return {
    id: Number(row.id),
    at: row.at,
    provider: row.provider,
    model: row.model,
    promptVersion: row.prompt_version,
    gold: { name: row.gold_name, sha256: row.gold_sha256, items: Number(row.items) },
    codes: { precision: row.codes_precision, recall: row.codes_recall },
    values: { precision: row.values_precision, recall: row.values_recall },
    tierAgreement: row.tier_agreement,
    failed: Number(row.failed),
    parts: JSON.parse(row.parts) as Record<string, Scores>,
    calls: Number(row.calls),
    costUsd: row.cost_usd,
    ms: Number(row.ms),
  };
}

function renderHistory(rows: EvalRunRow[], color: boolean): string {
  if (rows.length === 0) return 'no eval runs stored yet (run `agi-tracker analyze eval`)';
  const table = renderTable(
    ['model', 'prompt', 'at', 'gold', 'items', 'codes P', 'codes R', 'values P', 'values R', 'tier', 'cost', 's'],
    rows.map((r) => [
      r.model,
      r.prompt_version,
      r.at.slice(0, 16).replace('T', ' '),
      `${r.gold_name.split('/').pop() ?? ''} ${r.gold_sha256.slice(0, 8)}`,
      Number(r.items),
      score(r.codes_precision),
      score(r.codes_recall),
      score(r.values_precision),
      score(r.values_recall),
      score(r.tier_agreement),
      `$${r.cost_usd.toFixed(4)}`,
      (Number(r.ms) / 1000).toFixed(1),
    ]),
    color,
  );
  return `${table}\n${rows.length} eval runs, grouped by model and prompt version, oldest first in each`;
}
