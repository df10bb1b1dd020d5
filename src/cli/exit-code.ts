import { ExitCode, type ExitCodeValue } from '../core/errors.js';
import type { JobOutcome, Verdict } from '../jobs/job-outcome.js';
import type { Io } from './io.js';

const exitFor: Record<Verdict, ExitCodeValue> = {
  ok: ExitCode.ok,
  failed: ExitCode.failed,
  partial: ExitCode.partial,
  budget: ExitCode.budget,
};

/** The one map from what a run means to its exit code (errors map through AppError). */
export function exitCodeOf(verdict: Verdict): ExitCodeValue {
  return exitFor[verdict];
}

/**
 * Ends a command whose result is already rendered: says the outcome's problem in one stderr
 * line (JSON under --json; what lands in cron mail) and returns its exit code.
 */
export function finish(io: Io, outcome: Pick<JobOutcome<unknown>, 'verdict' | 'problem'>): ExitCodeValue {
  if (outcome.problem) io.error(outcome.problem.code, outcome.problem.message);
  return exitCodeOf(outcome.verdict);
}
