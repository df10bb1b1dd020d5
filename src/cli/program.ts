import { Command, Option } from 'commander';
import { version } from '../core/version.js';
import { type CommandContext, createContext, type GlobalFlags } from './context.js';

/**
 * The command tree. Each action imports its command module only when it runs, so
 * `--help` and light commands never load got, rss-parser or the database layer they skip.
 */
export function buildProgram(signal: AbortSignal, setExit: (code: number) => void): Command {
  const program = new Command('agi-tracker')
    .description('Keep an honest, live record of progress toward AGI.')
    .version(version(), '-V, --version')
    .option('--db <path>', 'SQLite database (env AGI_TRACKER_DB; default ./agi-tracker.db)')
    .option('--config <path>', 'config file (default ./agi-tracker.config.json when present)')
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'only errors on stderr')
    .option('-v, --verbose', 'debug logs on stderr')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    // Before any .command(): subcommands inherit it, so every usage error reaches main() (exit 2).
    .exitOverride();

  const ctx = (): CommandContext => createContext(program.opts<GlobalFlags>(), signal);
  const run = (fn: () => Promise<number>) => async () => setExit(await fn());

  program
    .command('fetch')
    .description('fetch sources into the database (exit 3 when some source failed)')
    .option('--source <id|kind|all>', 'one source id, a kind (feed, arxiv) or all', 'all')
    .option('--offline', 'ingest the bundled sample feeds (sample:*), no network')
    .option('--limit <n>', 'newest items per source per run (default 100)')
    .option('--concurrency <n>', 'sources fetched at once (default 4)')
    .action(async (flags) => {
      const { fetchCommand } = await import('./commands/fetch.js');
      await run(() => fetchCommand(ctx(), flags))();
    });

  program
    .command('dedupe-check')
    .description('report exact and near-duplicate events (exit 1 when exact duplicates exist)')
    .option('--near <0..1>', 'title similarity threshold for near-duplicates (default 0.7)')
    .option('--since <days>', 'look for near-duplicates among the last N days (default 30)')
    .action(async (flags) => {
      const { dedupeCheckCommand } = await import('./commands/dedupe-check.js');
      await run(() => dedupeCheckCommand(ctx(), flags))();
    });

  program
    .command('analyze')
    .description('judge stored events with an LLM under the spending budget (exit 4: budget exhausted)')
    .option('--max-events <n>', 'at most N events this run (default 200)')
    .option('--since <days>', 'only events from the last N days')
    .option('--provider <name>', 'openai or offline (default: openai when OPENAI_API_KEY is set)')
    .option('--model <model>', 'chat model (default gpt-4o-mini)')
    .option('--concurrency <n>', 'calls at once (default 4)')
    .option('--event <id>', 'analyse one event')
    .option('--force', 'analyse again events that already have an analysis')
    .option('--dry-run', 'list what would be analysed; send nothing')
    .action(async (flags) => {
      const { analyzeCommand } = await import('./commands/analyze.js');
      await run(() => analyzeCommand(ctx(), flags))();
    });

  program
    .command('budget')
    .description("today's LLM spend against the limits (--check: exit 4 when exceeded)")
    .option('--days <n>', 'per-day history of the last N days')
    .option('--check', 'exit 4 when no further call fits under the hard limit')
    .action(async (flags) => {
      const { budgetCommand } = await import('./commands/budget.js');
      await run(() => budgetCommand(ctx(), flags))();
    });

  program
    .command('status')
    .description('jobs, sources, budget and locks at a glance (exit 1 when something is wrong: a cron probe)')
    .action(async () => {
      const { statusCommand } = await import('./commands/status.js');
      await run(() => statusCommand(ctx()))();
    });

  program
    .command('cleanup')
    .description('delete what is past retention, leaving tombstones (runs under the job lock)')
    .option('--dry-run', 'report what would be deleted; delete nothing')
    .option('--older-than <days>', 'delete events older than N days (default retention.eventsDays, 730)')
    .option('--vacuum', 'reclaim the space afterwards and report bytes before and after')
    .action(async (flags) => {
      const { cleanupCommand } = await import('./commands/maintenance.js');
      await run(() => cleanupCommand(ctx(), flags))();
    });

  program
    .command('backup <path>')
    .description('a consistent copy of the live database (safe while other jobs run)')
    .action(async (path: string) => {
      const { backupCommand } = await import('./commands/maintenance.js');
      await run(() => backupCommand(ctx(), path))();
    });

  program
    .command('export')
    .description('events with their analyses to stdout, oldest first')
    .option('--format <jsonl|csv>', 'output format (default jsonl)')
    .option('--since <days>', 'only events from the last N days')
    .action(async (flags) => {
      const { exportCommand } = await import('./commands/maintenance.js');
      await run(() => exportCommand(ctx(), flags))();
    });

  program
    .command('locks')
    .description('list job locks, or release one')
    .option('--release <job>', 'release the lock of a job (only when you know its holder is gone)')
    .action(async (flags) => {
      const { locksCommand } = await import('./commands/maintenance.js');
      await run(() => locksCommand(ctx(), flags))();
    });

  const events = program.command('events').description('read stored events');
  events
    .command('list')
    .description('list events, newest first')
    .option('--since <days>', 'only events from the last N days')
    .option('--source <id>', 'only events of one source')
    .option('--limit <n>', 'at most N events (default 50)')
    .action(async (flags) => {
      const { eventsListCommand } = await import('./commands/events.js');
      await run(() => eventsListCommand(ctx(), flags))();
    });
  events
    .command('show <id>')
    .description('show one event in full')
    .action(async (id: string) => {
      const { eventsShowCommand } = await import('./commands/events.js');
      await run(() => eventsShowCommand(ctx(), id))();
    });

  const sources = program.command('sources').description('the effective sources and their health');
  sources
    .command('list')
    .description('list sources with health')
    .action(async () => {
      const { sourcesListCommand } = await import('./commands/sources.js');
      await run(() => sourcesListCommand(ctx()))();
    });
  sources
    .command('reset <id|all>')
    .description('clear failures, errors and pauses')
    .action(async (id: string) => {
      const { sourcesResetCommand } = await import('./commands/maintenance.js');
      await run(() => sourcesResetCommand(ctx(), id))();
    });
  sources
    .command('test <url>')
    .description('fetch and parse one URL, show what would be stored, store nothing')
    .addOption(new Option('--kind <kind>', 'parser to use').choices(['feed', 'arxiv']))
    .option('--limit <n>', 'at most N newest items')
    .action(async (url: string, flags) => {
      const { sourcesTestCommand } = await import('./commands/sources.js');
      await run(() => sourcesTestCommand(ctx(), url, flags))();
    });

  program
    .command('config')
    .description('configuration')
    .command('check')
    .description('validate the config; print effective values and where each came from')
    .action(async () => {
      const { configCheckCommand } = await import('./commands/config-check.js');
      await run(() => configCheckCommand(ctx()))();
    });

  return program;
}
