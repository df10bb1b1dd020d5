import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError, ExitCode } from '../../core/errors.js';
import { siteJob } from '../../jobs/site.js';
import { type CommandContext, jobContextOf } from '../context.js';
import { intFlag } from '../parse-flags.js';
import { noteDefaultBaseUrl } from './feed.js';

export interface SiteFlags {
  out?: string;
  weeks?: string;
}

/** Writes the static site (pages and feeds) into a folder; files whose bytes did not change are left alone. */
export async function siteCommand(ctx: CommandContext, flags: SiteFlags): Promise<number> {
  const out = flags.out;
  if (!out) throw new AppError('usage', '--out <folder> is required');
  const weeks = intFlag(flags.weeks, '--weeks', 1, 10_000) ?? 52;
  if (existsSync(out) && !statSync(out).isDirectory()) throw new AppError('usage', `--out is not a folder: ${out}`);
  const parent = dirname(out);
  if (!existsSync(parent)) throw new AppError('usage', `--out folder's parent does not exist: ${parent}`);
  noteDefaultBaseUrl(ctx);
  mkdirSync(out, { recursive: true });
  const result = await siteJob(jobContextOf(ctx), { out, weeks });
  if (ctx.io.json) ctx.io.out(JSON.stringify(result));
  else
    ctx.io.out(
      `site written to ${out}: ${result.written.length} of ${result.files} files new or changed, ` +
        `${result.unchanged} unchanged`,
    );
  return ExitCode.ok;
}
