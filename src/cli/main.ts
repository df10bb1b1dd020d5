import { CommanderError } from 'commander';
import { AppError, ExitCode, errorMessage } from '../core/errors.js';
import { statusLineOf } from '../core/status-line.js';
import { storageError } from '../core/storage-error.js';
import { buildProgram } from './program.js';
import { errorLine, guardStdio, StdoutClosed } from './io.js';
import { trapSignals } from './signals.js';

/**
 * The one error boundary: runs the CLI and turns every failure into a one-line message and a
 * documented exit code. Returns the code; bin/agi-tracker.js exits with it.
 */
export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  let exitCode: number = ExitCode.ok;
  guardStdio();
  const program = buildProgram(
    trapSignals(),
    (code) => {
      exitCode = code;
    },
    { json },
  );
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    // `export | head -1`: the reader has what it wanted; ending early is not a failure.
    if (err instanceof StdoutClosed) return ExitCode.ok;
    if (err instanceof CommanderError) {
      // commander.help with a non-zero exitCode: a command group named without its subcommand.
      const help =
        err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help';
      if (help && err.exitCode === 0) return ExitCode.ok;
      // Without --json commander has printed the message (or the help); with it, we print JSON.
      const message = help ? 'missing command (run with --help for usage)' : err.message.replace(/^error: /, '');
      if (json) process.stderr.write(errorLine(true, 'usage', message));
      return ExitCode.usage;
    }
    // A storage failure (read-only, disk full, corrupt, busy) has its own code and words.
    const appError = err instanceof AppError ? err : storageError(err);
    const code = appError?.code ?? 'internal';
    const message = appError ? appError.message : `internal error: ${errorMessage(err)}`;
    statusLineOf(process.stderr).draw(''); // a failure mid-run leaves no progress note behind
    process.stderr.write(errorLine(json, code, message));
    if (!appError && verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return appError?.exitCode ?? ExitCode.failed;
  }
}
