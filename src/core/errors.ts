/** Exit codes, documented in README.md. The CLI error boundary is the only place that maps errors to them. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  partial: 3,
  budget: 4,
  locked: 75,
  sigint: 130,
  sigterm: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Stable machine-readable error codes; `--json` prints them as `error.code`. */
export type ErrorCode =
  | 'usage'
  | 'config'
  | 'database'
  | 'database-readonly'
  | 'database-corrupt'
  | 'database-busy'
  | 'database-constraint'
  | 'database-unreachable'
  | 'database-auth'
  | 'disk-full'
  | 'schema-too-new'
  | 'not-found'
  | 'locked'
  | 'budget'
  | 'unhealthy'
  | 'below-floor'
  | 'interrupted'
  | 'fetch'
  | 'parse'
  | 'io'
  | 'internal';

const exitFor: Record<ErrorCode, ExitCodeValue> = {
  usage: ExitCode.usage,
  config: ExitCode.usage,
  database: ExitCode.failed,
  'database-readonly': ExitCode.failed,
  'database-corrupt': ExitCode.failed,
  // Temporary, like a held job lock: the next scheduled run will likely succeed.
  'database-busy': ExitCode.locked,
  'database-constraint': ExitCode.failed,
  // A database server that does not answer is likely back by the next scheduled run.
  'database-unreachable': ExitCode.locked,
  // Wrong user, password or database name: the configuration must change.
  'database-auth': ExitCode.usage,
  'disk-full': ExitCode.failed,
  'schema-too-new': ExitCode.failed,
  'not-found': ExitCode.failed,
  locked: ExitCode.locked,
  budget: ExitCode.budget,
  unhealthy: ExitCode.failed,
  // `analyze eval` measured the judge below a floor it was given: a CI gate fails.
  'below-floor': ExitCode.failed,
  interrupted: ExitCode.sigint,
  fetch: ExitCode.failed,
  parse: ExitCode.failed,
  io: ExitCode.failed,
  internal: ExitCode.failed,
};

/** An error a user can cause: printed as one line, never with a stack trace. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCodeValue;

  constructor(code: ErrorCode, message: string, exitCode?: ExitCodeValue) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.exitCode = exitCode ?? exitFor[code];
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
