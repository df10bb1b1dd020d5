import { DAY_MS } from '../../core/durations.js';
import { AppError, ExitCode } from '../../core/errors.js';
import { iterateExport } from '../../db/repos/export-repo.js';
import { reviewStates } from '../../db/repos/reviews-repo.js';
import { listLocks, releaseJobLock } from '../../db/repos/locks-repo.js';
import { resetHealth } from '../../db/repos/sources-repo.js';
import { backupDatabase } from '../../ops/backup.js';
import type { CleanupReport } from '../../ops/cleanup.js';
import { cleanupJob } from '../../jobs/cleanup.js';
import { CSV_COLUMNS, type ExportFormat, formatRow } from '../../ops/export-events.js';
import { LOCKED_JOBS } from '../../ops/job-lock.js';
import { effectiveSources } from '../../sources/catalogue.js';
import { sampleSources } from '../../sources/samples.js';
import { type CommandContext, jobContextOf } from '../context.js';
import { intFlag } from '../parse-flags.js';
import { renderTable } from '../render/table.js';
import { plural } from '../../core/wording.js';

export interface CleanupFlags {
  dryRun?: boolean;
  olderThan?: string;
  vacuum?: boolean;
}

/** Retention under the cleanup job lock; `--dry-run` counts and deletes nothing. */
export async function cleanupCommand(ctx: CommandContext, flags: CleanupFlags): Promise<number> {
  const { result: report } = await cleanupJob(jobContextOf(ctx), {
    dryRun: flags.dryRun,
    olderThanDays: intFlag(flags.olderThan, '--older-than', 1, 100_000),
    vacuum: flags.vacuum,
  });
  ctx.io.out(ctx.io.json ? JSON.stringify(report) : renderCleanup(report, ctx.io.color));
  return ExitCode.ok;
}

function renderCleanup(r: CleanupReport, color: boolean): string {
  const verb = r.dryRun ? 'would delete' : 'deleted';
  const rows = [
    [
      'events',
      r.deleted.events,
      `before ${r.cutoffs.events}${r.keptAsEvidence ? `; ${r.keptAsEvidence} kept as snapshot evidence` : ''}`,
    ],
    ['analyses', r.deleted.analyses, 'of those events'],
    ['job_runs', r.deleted.jobRuns, `before ${r.cutoffs.jobRuns}`],
    ['alerts', r.deleted.alerts, `resolved, before ${r.cutoffs.alerts}`],
    ['llm_calls', r.deleted.llmCalls, `before ${r.cutoffs.llmCalls}`],
  ];
  const lines = [renderTable(['table', verb, 'rule'], rows, color)];
  if (r.vacuum) lines.push(`vacuum: ${r.vacuum.bytesBefore} → ${r.vacuum.bytesAfter} bytes`);
  if (r.dryRun) lines.push('dry run: nothing was deleted');
  return lines.join('\n');
}

export async function backupCommand(ctx: CommandContext, target: string): Promise<number> {
  const db = await ctx.openDb({ mustExist: true });
  try {
    const report = await backupDatabase(db, target);
    ctx.io.out(
      ctx.io.json
        ? JSON.stringify(report)
        : `backed up ${db.path} to ${report.path} (${plural(report.bytes, 'byte')}, ${report.ms} ms)`,
    );
    return ExitCode.ok;
  } finally {
    await db.close();
  }
}

export interface ExportFlags {
  format?: string;
  since?: string;
}

export async function exportCommand(ctx: CommandContext, flags: ExportFlags): Promise<number> {
  const format = (flags.format ?? 'jsonl') as ExportFormat;
  if (format !== 'jsonl' && format !== 'csv')
    throw new AppError('usage', `--format takes jsonl or csv, got "${flags.format}"`);
  const since = intFlag(flags.since, '--since', 0, 100_000);
  const sinceIso = since === undefined ? null : new Date(ctx.clock().getTime() - since * DAY_MS).toISOString();
  const db = await ctx.openDb({ mustExist: true });
  try {
    if (format === 'csv') await ctx.io.write(`${CSV_COLUMNS.join(',')}\n`);
    // Review decisions are few (human ones): read once, joined to the stream here.
    const reviews = await reviewStates(db);
    for await (const row of iterateExport(db, sinceIso))
      await ctx.io.write(`${formatRow(row, format, reviews.get(Number(row.id)))}\n`);
    return ExitCode.ok;
  } finally {
    await db.close();
  }
}

export async function sourcesResetCommand(ctx: CommandContext, which: string): Promise<number> {
  const db = await ctx.openDb({ mustExist: true });
  try {
    const count = await resetHealth(db, which === 'all' ? null : which);
    // No row: a source of the config never fetched has nothing to reset; any other name is a typo.
    const known = [...effectiveSources(ctx.loaded.config), ...sampleSources()].some((s) => s.id === which);
    if (count === 0 && which !== 'all' && !known)
      throw new AppError('usage', `no source "${which}" (see \`agi-tracker sources list\`)`);
    ctx.io.out(
      ctx.io.json
        ? JSON.stringify({ reset: count })
        : `reset ${plural(count, 'source')}: failures, errors and pauses cleared`,
    );
    return ExitCode.ok;
  } finally {
    await db.close();
  }
}

export async function locksCommand(ctx: CommandContext, flags: { release?: string }): Promise<number> {
  const db = await ctx.openDb({ mustExist: true });
  try {
    if (flags.release) {
      const job = flags.release;
      if (!(await releaseJobLock(db, job))) {
        if (!(LOCKED_JOBS as readonly string[]).includes(job))
          throw new AppError('usage', `no job "${job}": locks belong to ${LOCKED_JOBS.join(', ')}`);
        throw new AppError('not-found', `no lock held for job "${job}"`);
      }
      ctx.io.out(ctx.io.json ? JSON.stringify({ released: job }) : `released the ${job} lock`);
      return ExitCode.ok;
    }
    const locks = (await listLocks(db)).map((l) => ({
      job: l.job,
      pid: l.pid,
      host: l.host,
      runId: l.run_id,
      acquiredAt: l.acquired_at,
      expiresAt: l.expires_at,
    }));
    if (ctx.io.json) ctx.io.out(JSON.stringify(locks));
    else if (locks.length === 0) ctx.io.out('no locks held');
    else
      ctx.io.out(
        renderTable(
          ['job', 'pid', 'host', 'run', 'since', 'lease until'],
          locks.map((l) => [l.job, l.pid, l.host, l.runId ?? '', l.acquiredAt, l.expiresAt]),
          ctx.io.color,
        ),
      );
    return ExitCode.ok;
  } finally {
    await db.close();
  }
}
