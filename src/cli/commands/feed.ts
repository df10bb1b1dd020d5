import { AppError, ExitCode } from '../../core/errors.js';
import { checkOutputPath, writeFileAtomically } from '../../core/output-file.js';
import { feedJob } from '../../jobs/feed.js';
import { FEED_FORMATS, FEED_KINDS, type FeedFormat, type FeedKind } from '../../reports/publish-paths.js';
import { type CommandContext, jobContextOf } from '../context.js';

export interface FeedFlags {
  kind?: string;
  format?: string;
  out?: string;
}

/** A feed (Atom, RSS or JSON Feed) of the stored digests, records or events, printed or written to a file. */
export async function feedCommand(ctx: CommandContext, flags: FeedFlags): Promise<number> {
  const kind = oneOf(flags.kind ?? 'digests', FEED_KINDS, '--kind') as FeedKind;
  const format = oneOf(
    flags.format ?? (ctx.io.json && !flags.out ? 'json' : 'atom'),
    FEED_FORMATS,
    '--format',
  ) as FeedFormat;
  if (flags.out) checkOutputPath(flags.out, '--out');
  noteDefaultBaseUrl(ctx);
  const { document, entries } = await feedJob(jobContextOf(ctx), kind, format);
  if (!flags.out) {
    // --json promises JSON on stdout: a JSON Feed is; an XML feed comes wrapped.
    const xmlUnderJson = ctx.io.json && format !== 'json';
    ctx.io.out(xmlUnderJson ? JSON.stringify({ kind, format, entries, document }) : document.trimEnd());
    return ExitCode.ok;
  }
  await writeFileAtomically(flags.out, document);
  ctx.logger.info(`${kind} feed (${format}, ${entries} entries) written to ${flags.out}`);
  // --json promises JSON on stdout: what was written where.
  if (ctx.io.json) ctx.io.out(JSON.stringify({ kind, format, out: flags.out, entries }));
  return ExitCode.ok;
}

function oneOf(value: string, allowed: readonly string[], flag: string): string {
  if (!allowed.includes(value)) throw new AppError('usage', `${flag} must be ${allowed.join(', ')} (got "${value}")`);
  return value;
}

/** Links built on the default base URL only work for a local preview: say so, once per run. */
export function noteDefaultBaseUrl(ctx: CommandContext): void {
  if (ctx.loaded.origins['publish.baseUrl'] === 'default')
    ctx.logger.warn(
      `publish.baseUrl is not set: links point to ${ctx.loaded.config.publish.baseUrl} ` +
        '(set it, or AGI_TRACKER_BASE_URL, to where the site is served)',
    );
}
