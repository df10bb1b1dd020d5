import { DAY_MS } from '../../core/durations.js';
import { ExitCode } from '../../core/errors.js';
import { plainDeep } from '../../core/plain-text.js';
import type { ReviewAction } from '../../core/review.js';
import { recordReview } from '../../jobs/review.js';
import { reviewJson } from '../../ops/export-events.js';
import { reviewQueue } from '../../reports/review-queue.js';
import { type CommandContext, jobContextOf } from '../context.js';
import { intFlag } from '../parse-flags.js';
import { renderTable, truncate } from '../render/table.js';

export interface ReviewListFlags {
  since?: string;
  limit?: string;
}

/** Read-only: the unreviewed events worth a look, with why. */
export async function reviewListCommand(ctx: CommandContext, flags: ReviewListFlags): Promise<number> {
  const since = intFlag(flags.since, '--since', 0, 100_000) ?? 30;
  const limit = intFlag(flags.limit, '--limit', 1, 10_000) ?? 50;
  const now = ctx.clock();
  const db = await ctx.openDb({ mustExist: true });
  try {
    const items = await reviewQueue(
      db,
      ctx.loaded.config,
      now.toISOString().slice(0, 10),
      new Date(now.getTime() - since * DAY_MS).toISOString(),
      limit,
    );
    if (ctx.io.json) ctx.io.out(JSON.stringify(plainDeep(items)));
    else if (items.length === 0) ctx.io.out('nothing to review');
    else
      ctx.io.out(
        renderTable(
          ['id', 'date', 'source', 'sig.', 'why', 'title'],
          items.map((i) => [
            i.id,
            i.date,
            truncate(i.source, 24),
            i.significance ?? '',
            truncate(i.reasons.map((r) => `${r.reason}: ${r.detail}`).join('; '), 70),
            truncate(i.title, 60),
          ]),
          ctx.io.color,
        ),
      );
    return ExitCode.ok;
  } finally {
    await db.close();
  }
}

export interface ReviewFlags {
  why?: string;
  by?: string;
}

const decide =
  (action: Exclude<ReviewAction, 'set'>) =>
  (ctx: CommandContext, event: string, flags: ReviewFlags): Promise<number> =>
    record(ctx, action, event, undefined, flags);

export const reviewApproveCommand = decide('approve');
export const reviewRejectCommand = decide('reject');
export const reviewRetractCommand = decide('retract');

export function reviewSetCommand(ctx: CommandContext, event: string, reading: string, flags: ReviewFlags) {
  return record(ctx, 'set', event, reading, flags);
}

const DONE: Record<ReviewAction, string> = {
  approve: 'approved',
  reject: 'rejected: its analysed readings no longer count',
  set: 'reading set: it replaces the analysis of that signpost',
  retract: 'retracted: it counts nowhere, and the digest and --explain say so',
};

async function record(
  ctx: CommandContext,
  action: ReviewAction,
  event: string,
  reading: string | undefined,
  flags: ReviewFlags,
): Promise<number> {
  const eventId = intFlag(event, 'event id', 1) as number;
  const { decision, state } = await recordReview(jobContextOf(ctx), {
    eventId,
    action,
    reading,
    why: flags.why,
    by: flags.by,
  });
  if (ctx.io.json) ctx.io.out(JSON.stringify({ event: eventId, review: reviewJson(state) }));
  else {
    const what = action === 'set' ? ` ${decision.signpost}${decision.value === null ? '' : `=${decision.value}`}` : '';
    ctx.io.out(truncate(`event ${eventId}${what} ${DONE[action]} (by ${decision.by})`, 200));
  }
  return ExitCode.ok;
}
