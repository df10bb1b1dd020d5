/** Human review of events: what a decision is, and where an event stands after all of them. */

export const REVIEW_ACTIONS = ['approve', 'reject', 'set', 'retract'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export interface ReviewDecision {
  id: number;
  eventId: number;
  action: ReviewAction;
  signpost: string | null;
  value: number | null;
  reason: string | null;
  by: string;
  at: string;
}

/** Where an event stands: the newest verdict (approve, reject, retract) and the newest reading set per signpost. */
export interface ReviewState {
  verdict: ReviewDecision | null;
  corrections: ReviewDecision[];
}

/**
 * Folds an event's decisions, oldest first, into its state: a later verdict supersedes an
 * earlier one (an approval after a retraction restores the event), and a later `set` of a
 * signpost supersedes an earlier `set` of the same one. Corrections stand whatever the verdict:
 * a reject followed by a set means "not the model's readings, mine".
 */
export function reviewStateOf(decisions: readonly ReviewDecision[]): ReviewState {
  let verdict: ReviewDecision | null = null;
  const corrections = new Map<string, ReviewDecision>();
  for (const d of decisions) {
    if (d.action === 'set' && d.signpost !== null) corrections.set(d.signpost, d);
    else if (d.action !== 'set') verdict = d;
  }
  return { verdict, corrections: [...corrections.values()] };
}

/** Whether an event's analysed readings count: not when it was rejected or retracted. */
export function readingsCount(state: ReviewState | undefined): boolean {
  return !state?.verdict || state.verdict.action === 'approve';
}

export function isRetracted(state: ReviewState | undefined): boolean {
  return state?.verdict?.action === 'retract';
}
