import { userInfo } from 'node:os';
import { AppError } from '../core/errors.js';
import type { ReviewAction, ReviewDecision, ReviewState } from '../core/review.js';
import { getEvent } from '../db/repos/events-repo.js';
import { addReview, reviewStates } from '../db/repos/reviews-repo.js';
import { unitProblem } from '../signposts/units.js';
import type { JobContext } from './job-context.js';

export interface ReviewRequest {
  eventId: number;
  action: ReviewAction;
  /** `set`: "code=value", or a bare "code" for a reading without a value. */
  reading?: string | undefined;
  why?: string | undefined;
  by?: string | undefined;
}

export interface ReviewOutcome {
  decision: ReviewDecision;
  /** Where the event stands after it. */
  state: ReviewState;
}

/**
 * Records one reviewer decision on an event. One insert, atomic by itself: no job lock (two
 * reviewers deciding at once both get recorded; the later one is in force), no job_runs row.
 */
export async function recordReview(ctx: JobContext, req: ReviewRequest): Promise<ReviewOutcome> {
  const by = reviewerOf(req.by ?? ctx.config.review.by);
  const why = req.why?.trim().slice(0, MAX_TEXT) || null;
  if (req.action === 'retract' && why === null)
    throw new AppError('usage', 'review retract needs --why "…": say what was wrong with the event');
  const reading = req.action === 'set' ? parseReading(req.reading ?? '', ctx) : null;
  const db = await ctx.openDb({ mustExist: true });
  try {
    if (!(await getEvent(db, req.eventId))) throw new AppError('not-found', `no event with id ${req.eventId}`);
    const at = ctx.clock().toISOString();
    const decision = {
      eventId: req.eventId,
      action: req.action,
      signpost: reading?.code ?? null,
      value: reading?.value ?? null,
      reason: why,
      by,
      at,
    };
    const id = await db.writeTransaction((trx) => addReview(trx, decision));
    const state = (await reviewStates(db, [req.eventId])).get(req.eventId) ?? { verdict: null, corrections: [] };
    return { decision: { id, ...decision }, state };
  } finally {
    await db.close();
  }
}

const MAX_TEXT = 500;

/** `--by`, config review.by, else the OS user: every decision names who made it. */
function reviewerOf(configured: string | null): string {
  let name = configured?.trim();
  if (!name) {
    try {
      name = userInfo().username;
    } catch {
      name = '';
    }
  }
  if (!name) throw new AppError('usage', 'say who reviews: --by NAME, or config review.by');
  return name.slice(0, MAX_TEXT);
}

/** "code=value" against the effective catalogue, the value within its unit's range. */
function parseReading(text: string, ctx: JobContext): { code: string; value: number | null } {
  const m = /^\s*([A-Za-z0-9_]+)\s*(?:=\s*(\S+)\s*)?$/.exec(text);
  if (!m) throw new AppError('usage', `review set takes <code>=<value> (e.g. swe_bench_85=81.2), got "${text}"`);
  const code = m[1] as string;
  const signpost = ctx.config.signposts.find((s) => s.code === code);
  if (!signpost) throw new AppError('usage', `unknown signpost "${code}" (see the signpost catalogue in README.md)`);
  if (m[2] === undefined) return { code, value: null };
  const value = Number(m[2]);
  const problem = /^-?(\d+(\.\d*)?|\.\d+)(e-?\d+)?$/i.test(m[2]) ? unitProblem(signpost.unit, value) : 'not a number';
  if (problem !== null) throw new AppError('usage', `review set ${code}: ${m[2]} is refused (${problem})`);
  return { code, value };
}
