import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, ExitCode } from '../../core/errors.js';
import { plainDeep } from '../../core/plain-text.js';
import { checkOutputPath, writeFileAtomically } from '../../core/output-file.js';
import { digestJob, digestWeek } from '../../jobs/digest.js';
import { digestHtml } from '../../reports/digest-html.js';
import { type CommandContext, jobContextOf } from '../context.js';

export interface DigestFlags {
  week?: string;
  format?: string;
  out?: string;
  narrative?: boolean;
  post?: boolean;
  email?: boolean;
  force?: boolean;
}

/** The digest of an ISO week (built and stored by the digest job), printed or written to a file. */
export async function digestCommand(ctx: CommandContext, flags: DigestFlags): Promise<number> {
  const job = jobContextOf(ctx);
  const week = digestWeek(job, flags.week);
  const format = flags.format ?? (ctx.io.json ? 'json' : 'md');
  if (!['md', 'html', 'json'].includes(format))
    throw new AppError('usage', `--format must be md, html or json (got "${format}")`);
  // --out <folder>: the file is named after the digest's own week (a Monday cron job runs in
  // the next week, so the shell's `date +%G-W%V` would name it wrongly).
  const out =
    flags.out === undefined ? undefined : isFolder(flags.out) ? join(flags.out, `digest-${week}.${format}`) : flags.out;
  if (out) checkOutputPath(out, '--out');

  if (flags.force && !flags.email) throw new AppError('usage', '--force goes with --email');
  const { result } = await digestJob(job, {
    week,
    narrative: flags.narrative,
    post: flags.post,
    email: flags.email,
    force: flags.force,
  });
  const render = (as: string) =>
    as === 'json'
      ? JSON.stringify(plainDeep({ ...result.doc, posted: result.posted, emailed: result.emailed }))
      : as === 'html'
        ? digestHtml(result.doc)
        : result.markdown;
  if (out) {
    await writeFileAtomically(out, render(format));
    ctx.logger.info(`digest ${week} written to ${out}`);
    // --json promises JSON on stdout: what was written where, whatever the file's format.
    if (ctx.io.json) ctx.io.out(JSON.stringify({ week, format, out, posted: result.posted, emailed: result.emailed }));
  } else ctx.io.out(render(ctx.io.json ? 'json' : format));
  return ExitCode.ok;
}

function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
