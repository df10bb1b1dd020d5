import { smallestCallBytes } from '../../analysis/prompt.js';
import { ExitCode } from '../../core/errors.js';
import { roundMicroUsd } from '../../core/rounding.js';
import { plural } from '../../core/wording.js';
import { plainDeep } from '../../core/plain-text.js';
import { budgetReport } from '../../llm/budget-report.js';
import { type StatusReport, statusReport } from '../../ops/status.js';
import { effectiveSources } from '../../sources/catalogue.js';
import type { CommandContext } from '../context.js';
import { finish } from '../exit-code.js';
import { renderTable, truncate } from '../render/table.js';

/** A cron probe: exit 0 when healthy, 1 when a job keeps failing or is overdue, or a source is paused or stale. */
export async function statusCommand(ctx: CommandContext): Promise<number> {
  const { config } = ctx.loaded;
  const db = await ctx.openDb({ mustExist: true });
  try {
    const now = ctx.clock();
    const b = await budgetReport(db, config, now, 0, smallestCallBytes(config.signposts));
    // Source errors may hold feed text an older version stored raw: plain text before any output.
    const report = plainDeep(
      await statusReport(db, config, effectiveSources(config), now, {
        status: b.today.status,
        spentUsd: b.today.spentUsd,
        hardLimitUsd: b.today.hardLimitUsd,
        openBatches: b.openBatches.length,
        batchReservedUsd: roundMicroUsd(b.openBatches.reduce((sum, x) => sum + x.reservedUsd, 0)),
      }),
    );
    ctx.io.out(ctx.io.json ? JSON.stringify(report) : renderStatus(report, ctx.io.color));
    if (report.healthy) return ExitCode.ok;
    // `status > /dev/null` in cron: this line is what lands in the mail.
    return finish(ctx.io, {
      verdict: 'failed',
      problem: { code: 'unhealthy', message: `unhealthy: ${report.problems.join('; ')}` },
    });
  } finally {
    await db.close();
  }
}

function renderStatus(r: StatusReport, color: boolean): string {
  const jobs = renderTable(
    ['job', 'last run', 'status', 'ms', 'last success', 'failures', 'every', 'state'],
    r.jobs.map((j) => [
      j.job,
      j.lastRun?.startedAt ?? 'never',
      j.lastRun?.status ?? '',
      j.lastRun?.durationMs ?? '',
      j.lastSuccessAt ?? 'never',
      j.consecutiveFailures,
      `${j.expectedEveryHours} h`,
      j.healthy ? 'ok' : j.overdue ? 'OVERDUE' : 'FAILING',
    ]),
    color,
  );
  const sources = renderTable(
    ['source', 'last new item', 'last success', 'failures', 'paused until', 'state'],
    r.sources.map((s) => [
      s.id,
      s.lastNewAt ?? 'none yet',
      s.lastSuccessAt ?? 'never',
      s.consecutiveFailures,
      s.pausedUntil ?? '',
      !s.configured ? 'not in config' : s.pausedUntil ? 'PAUSED' : s.stale ? 'STALE' : 'ok',
    ]),
    color,
  );
  const lines = [
    jobs,
    '',
    sources,
    '',
    `database: ${r.database.corrupt ? `CORRUPT (${truncate(r.database.corrupt, 120)})` : 'ok (quick_check)'}`,
    `budget today: ${r.budget.status} ($${r.budget.spentUsd.toFixed(4)} of $${r.budget.hardLimitUsd})` +
      (r.budget.openBatches
        ? `; ${plural(r.budget.openBatches, 'open batch', 'open batches')} holding ` +
          `$${r.budget.batchReservedUsd.toFixed(4)} reserved`
        : ''),
    r.locks.length
      ? `locks: ${r.locks.map((l) => `${l.job} (pid ${l.pid} on ${l.host}, until ${l.expiresAt})`).join('; ')}`
      : 'locks: none',
    '',
    r.healthy ? 'healthy' : `UNHEALTHY:\n${r.problems.map((p) => `  - ${truncate(p, 160)}`).join('\n')}`,
  ];
  return lines.join('\n');
}
