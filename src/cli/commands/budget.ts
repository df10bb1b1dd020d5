import { ExitCode } from '../../core/errors.js';
import { ANOMALY_DAYS, type BudgetReport, budgetReport } from '../../llm/budget-report.js';
import type { CommandContext } from '../context.js';
import { finish } from '../exit-code.js';
import { intFlag } from '../parse-flags.js';
import { renderTable } from '../render/table.js';
import { plainText } from '../../core/plain-text.js';
import { smallestCallBytes } from '../../analysis/prompt.js';

export interface BudgetFlags {
  days?: string;
  check?: boolean;
}

/** Read-only; loads nothing of the openai SDK. `--check` exits 4 when the status is exceeded. */
export async function budgetCommand(ctx: CommandContext, flags: BudgetFlags): Promise<number> {
  const days = intFlag(flags.days, '--days', 1, 3650) ?? 0;
  const db = await ctx.openDb();
  try {
    const report = await budgetReport(
      db,
      ctx.loaded.config,
      ctx.clock(),
      days,
      smallestCallBytes(ctx.loaded.config.signposts),
    );
    ctx.io.out(ctx.io.json ? JSON.stringify(report) : renderBudget(report, ctx.io.color));
    if (!flags.check || report.today.status !== 'exceeded') return ExitCode.ok;
    // `budget --check > /dev/null` in cron: this line is what lands in the mail.
    const t = report.today;
    const why =
      t.exceededLimit === 'monthly' && report.month.limitUsd !== null
        ? `${usd(report.month.spentUsd)} spent this month against a monthly limit of ` +
          `${usd(report.month.limitUsd)}; no further call fits this month`
        : `${usd(t.spentUsd)} spent and ${usd(t.reservedUsd)} reserved today against a hard limit of ` +
          `${usd(t.hardLimitUsd)}; no further call fits (resets in ${resetsIn(t.resetsInSeconds)})`;
    return finish(ctx.io, { verdict: 'budget', problem: { code: 'budget', message: `budget exceeded: ${why}` } });
  } finally {
    await db.close();
  }
}

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;

/** A cost per event is a fraction of a cent: shown to the micro-dollar. */
const perEvent = (n: number | null) => (n === null ? '—' : `$${n.toFixed(6)}`);

const resetsIn = (seconds: number) =>
  `${Math.floor(seconds / 3600)}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;

function renderBudget(r: BudgetReport, color: boolean): string {
  const t = r.today;
  const used = t.spentUsd + t.reservedUsd;
  // Clamped: whatever the ledger holds, the bar never has a negative or endless length.
  const share = t.hardLimitUsd > 0 ? Math.min(1, Math.max(0, used / t.hardLimitUsd || 0)) : 1;
  const width = 30;
  const bar = `[${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] ${(share * 100).toFixed(1)}%`;
  const lines = [
    `today ${t.date} (UTC): ${usd(t.spentUsd)} spent, ${usd(t.reservedUsd)} reserved; ` +
      `warning at ${usd(t.warningUsd)}, hard limit ${usd(t.hardLimitUsd)}`,
    `${bar}  status: ${t.status}  resets in ${resetsIn(t.resetsInSeconds)}`,
    `month to date: ${usd(r.month.spentUsd)}, projected ${usd(r.month.projectedUsd)}` +
      (r.month.limitUsd === null ? '' : `, monthly limit ${usd(r.month.limitUsd)}`),
    ...(r.month.costPerEventUsd === null
      ? []
      : [`measured cost per analysed event: ${perEvent(r.month.costPerEventUsd)}`]),
  ];
  if (t.exceededLimit === 'monthly') lines.push('the monthly limit leaves no room for another call');
  if (r.byModel.length)
    lines.push(
      '',
      renderTable(
        ['model', 'calls', 'spent', 'events', 'per event'],
        r.byModel.map((x) => [x.model, x.calls, usd(x.spentUsd), x.events, perEvent(x.costPerEventUsd)]),
        color,
      ),
    );
  if (r.recent.length)
    lines.push(
      '',
      'last calls:',
      renderTable(
        ['at', 'model', 'in', 'cached', 'out', 'cost'],
        r.recent.map((c) => [
          c.at,
          c.model,
          c.inputTokens ?? '',
          c.cachedTokens ?? '',
          c.outputTokens ?? '',
          usd(c.costUsd),
        ]),
        color,
      ),
    );
  if (r.anomalies.length)
    lines.push(
      '',
      `anomalies (usage not believed, settled at the worst case; last ${ANOMALY_DAYS} days):`,
      renderTable(
        ['at', 'model', 'event', 'cost', 'anomaly'],
        r.anomalies.map((a) => [a.at, a.model, a.eventId ?? '', usd(a.costUsd), a.anomaly]),
        color,
      ),
    );
  if (r.openBatches.length)
    lines.push(
      '',
      'open batches (results awaited; their worst cases stay reserved until collected):',
      renderTable(
        ['batch', 'model', 'status', 'created', 'requests', 'reserved'],
        r.openBatches.map((b) => [
          plainText(b.id),
          b.model,
          plainText(b.status),
          b.createdAt,
          b.requests,
          usd(b.reservedUsd),
        ]),
        color,
      ),
    );
  if (r.days.length)
    lines.push(
      '',
      renderTable(
        ['date', 'calls', 'spent'],
        r.days.map((d) => [d.date, d.calls, usd(d.spentUsd)]),
        color,
      ),
    );
  return lines.join('\n');
}
