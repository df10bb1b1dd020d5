import { Command, Option } from 'commander';
import { SOURCE_KINDS } from '../core/types.js';
import { version } from '../core/version.js';
import { type CommandContext, createContext, type GlobalFlags } from './context.js';

/**
 * The command tree. Each action imports its command module only when it runs, so
 * `--help` and light commands never load got, rss-parser or the database layer they skip.
 */
// A command: (context, commander's positional arguments…, flags) → exit code.
type CommandFn = (ctx: CommandContext, ...args: never[]) => Promise<number>;

export interface ProgramOptions {
  /**
   * `--json` is on the command line: commander prints none of its usage errors, so the error
   * boundary can print them as `{"error": …}` like every other error.
   */
  json?: boolean;
}

export function buildProgram(
  signal: AbortSignal,
  setExit: (code: number) => void,
  options: ProgramOptions = {},
): Command {
  const program = new Command('agi-tracker')
    .description('Keep an honest, live record of progress toward AGI.')
    .version(version(), '-V, --version')
    .option('--db <path|url>', 'SQLite file or postgres:// URL (env AGI_TRACKER_DB; default ./agi-tracker.db)')
    .option('--config <path>', 'config file (default ./agi-tracker.config.json when present)')
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'only errors on stderr')
    .option('-v, --verbose', 'debug logs on stderr')
    .showHelpAfterError(options.json ? false : '(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    // Before any .command(), like exitOverride: subcommands inherit it.
    .configureOutput(options.json ? { outputError: () => {}, writeErr: () => {} } : {})
    // Before any .command(): subcommands inherit it, so every usage error reaches main() (exit 2).
    .exitOverride();

  const ctx = (): Promise<CommandContext> => createContext(program.opts<GlobalFlags>(), signal);
  /** An action that imports its command only when it runs, then calls it with the context and commander's arguments. */
  const lazy =
    (load: () => Promise<CommandFn>) =>
    async (...args: unknown[]) =>
      // commander's action arguments are untyped: each command declares what it reads of them.
      setExit(
        await ((await load()) as (ctx: CommandContext, ...a: unknown[]) => Promise<number>)(await ctx(), ...args),
      );

  program
    .command('fetch')
    .description('fetch sources into the database (exit 3 when some source failed, 1 when all did)')
    .option('--source <id|kind|all>', 'one source id, a kind (feed, arxiv, leaderboard, page) or all', 'all')
    .option('--offline', 'ingest the bundled sample feeds (sample:*), no network')
    .option('--limit <n>', 'newest items per source per run (default 100)')
    .option('--concurrency <n>', 'sources fetched at once (default 4)')
    .action(lazy(async () => (await import('./commands/fetch.js')).fetchCommand));

  program
    .command('dedupe-check')
    .description('report exact and near-duplicate events, and stories (exit 1 when exact duplicates exist)')
    .option('--near <0..1>', 'title similarity threshold for near-duplicates (default 0.7)')
    .option('--since <days>', 'look for near-duplicates among the last N days (default 30)')
    .action(lazy(async () => (await import('./commands/dedupe-check.js')).dedupeCheckCommand));

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
    .option('--batch', "send through OpenAI's Batch API (half price, results within 24 h)")
    .option('--collect', 'only collect the open batches that have ended (every analyze does so first)')
    .action(lazy(async () => (await import('./commands/analyze.js')).analyzeCommand));

  program.commands
    .find((c) => c.name() === 'analyze')
    ?.command('eval')
    .description('measure the analyser on a gold set, store the scores (exit 1 below a floor, 4 budget)')
    .option('--gold <file>', 'a gold set of the shipped shape (default: the shipped src/analysis/signpost-gold.json)')
    .option('--provider <name>', 'openai or offline (default: openai when OPENAI_API_KEY is set)')
    .option('--model <model>', 'chat model (default gpt-4o-mini)')
    .option('--min-precision <p>', 'exit 1 when codes or values precision is below P (0..1)')
    .option('--min-recall <r>', 'exit 1 when codes or values recall is below R (0..1)')
    .option('--concurrency <n>', 'calls at once (default 4)')
    .option('--history', 'show the stored eval runs by model and prompt version; run nothing')
    .action(lazy(async () => (await import('./commands/analyze-eval.js')).analyzeEvalCommand));

  program
    .command('budget')
    .description("today's LLM spend against the limits (--check: exit 4 when exceeded)")
    .option('--days <n>', 'per-day history of the last N days')
    .option('--check', 'exit 4 when no further call fits under the hard limit')
    .action(lazy(async () => (await import('./commands/budget.js')).budgetCommand));

  program
    .command('status')
    .description('jobs, sources, budget and locks at a glance (exit 1 when something is wrong: a cron probe)')
    .action(lazy(async () => (await import('./commands/status.js')).statusCommand));

  program
    .command('snapshot')
    .description('compute and store the AGI index of a day (runs under the job lock)')
    .option('--date <YYYY-MM-DD>', 'the day (default today, UTC); past days can be computed')
    .option('--preset <name|all>', 'show one preset (all are computed and stored)', 'all')
    .option('--history <n>', 'also show the last N days as a sparkline (missing days are computed)')
    .option('--explain <code>', 'list the observations behind one signpost, store nothing')
    .action(lazy(async () => (await import('./commands/snapshot.js')).snapshotCommand));

  program
    .command('forecasts')
    .description('forecasts against the record: crossed or projected, ahead or behind, and a leaderboard')
    .option('--signpost <code>', 'only the forecasts of one signpost')
    .option('--forecaster <name>', 'only the forecasts of one forecaster')
    .action(lazy(async () => (await import('./commands/forecasts.js')).forecastsCommand));

  program
    .command('digest')
    .description('the weekly read: Markdown, HTML or JSON (stored per ISO week)')
    .option('--week <YYYY-Www>', 'the ISO week (default the last complete one)')
    .addOption(new Option('--format <format>', 'md (default), html or json').choices(['md', 'html', 'json']))
    .option('--out <path>', 'write to a file instead of stdout')
    .option('--narrative', 'add a short LLM-written overview (paid under the budget)')
    .option('--post', 'send the Markdown to the alert channels of config')
    .option('--email', "email it to config's email.recipients (once per recipient and week)")
    .option('--force', 'with --email: send again to recipients who already have it')
    .action(lazy(async () => (await import('./commands/digest.js')).digestCommand));

  program
    .command('feed')
    .description('an Atom, RSS or JSON feed of the stored digests, signpost records or top events')
    .addOption(
      new Option('--kind <kind>', 'digests (default), records or events').choices(['digests', 'records', 'events']),
    )
    .addOption(new Option('--format <format>', 'atom (default), rss or json').choices(['atom', 'rss', 'json']))
    .option('--out <path>', 'write to a file instead of stdout')
    .action(lazy(async () => (await import('./commands/feed.js')).feedCommand));

  program
    .command('site')
    .description('write the static site (home, signposts, digests, feeds) into a folder, for GitHub Pages')
    .option('--out <dir>', 'the folder to write (made when missing)')
    .option('--weeks <n>', 'publish the newest N stored digests (default 52)')
    .action(lazy(async () => (await import('./commands/site.js')).siteCommand));

  program
    .command('cleanup')
    .description('delete what is past retention, leaving tombstones (runs under the job lock)')
    .option('--dry-run', 'report what would be deleted; delete nothing')
    .option('--older-than <days>', 'delete events older than N days (default retention.eventsDays, 730)')
    .option('--vacuum', 'reclaim the space afterwards and report bytes before and after')
    .action(lazy(async () => (await import('./commands/maintenance.js')).cleanupCommand));

  program
    .command('backup <path>')
    .description('a consistent copy of the live database (safe while other jobs run)')
    .action(lazy(async () => (await import('./commands/maintenance.js')).backupCommand));

  program
    .command('export')
    .description('events with their analyses to stdout, oldest first')
    .option('--format <jsonl|csv>', 'output format (default jsonl)')
    .option('--since <days>', 'only events from the last N days')
    .action(lazy(async () => (await import('./commands/maintenance.js')).exportCommand));

  program
    .command('locks')
    .description('list job locks, or release one')
    .option('--release <job>', 'release the lock of a job (only when you know its holder is gone)')
    .action(lazy(async () => (await import('./commands/maintenance.js')).locksCommand));

  program
    .command('search <query...>')
    .description('full-text search over titles, summaries and analysis summaries, best match first')
    .option('--since <days>', 'only events from the last N days')
    .option('--source <id>', 'only events of one source')
    .option('--tier <A,B,…>', "only events of these tiers (the current analysis's, else the source's)")
    .option('--limit <n>', 'at most N results (default 20)')
    .action(lazy(async () => (await import('./commands/search.js')).searchCommand));

  const review = program.command('review').description('human decisions that outrank every analysis');
  review
    .command('list')
    .description('unreviewed events worth a look: significant, unsure, a record, or analyses that disagree')
    .option('--since <days>', 'events of the last N days (default 30)')
    .option('--limit <n>', 'at most N events (default 50)')
    .action(lazy(async () => (await import('./commands/review.js')).reviewListCommand));
  const decision = (name: string, description: string, load: () => Promise<CommandFn>) =>
    review
      .command(name)
      .description(description)
      .option('--why <reason>', 'why (kept with the decision)')
      .option('--by <name>', 'who decides (default: config review.by, else the OS user)')
      .action(lazy(load));
  decision(
    'approve <event>',
    "the event's analysis stands",
    async () => (await import('./commands/review.js')).reviewApproveCommand,
  );
  decision(
    'reject <event>',
    "the event's analysed readings stop counting",
    async () => (await import('./commands/review.js')).reviewRejectCommand,
  );
  decision(
    'set <event> <reading>',
    'a corrected reading, <code>=<value>: it replaces the analysis of that signpost',
    async () => (await import('./commands/review.js')).reviewSetCommand,
  );
  decision(
    'retract <event>',
    'the event itself was wrong: it counts nowhere (needs --why)',
    async () => (await import('./commands/review.js')).reviewRetractCommand,
  );

  const events = program.command('events').description('read stored events');
  events
    .command('list')
    .description('list events, newest first')
    .option('--since <days>', 'only events from the last N days')
    .option('--source <id>', 'only events of one source')
    .option('--limit <n>', 'at most N events (default 50)')
    .option('--stories', 'list stories instead: news reported by several sources, once, with its lead (30 days)')
    .action(lazy(async () => (await import('./commands/events.js')).eventsListCommand));
  events
    .command('show <id>')
    .description('show one event in full')
    .action(lazy(async () => (await import('./commands/events.js')).eventsShowCommand));

  const sources = program.command('sources').description('the effective sources and their health');
  sources
    .command('list')
    .description('list sources with health')
    .action(lazy(async () => (await import('./commands/sources.js')).sourcesListCommand));
  sources
    .command('reset <id|all>')
    .description('clear failures, errors and pauses')
    .action(lazy(async () => (await import('./commands/maintenance.js')).sourcesResetCommand));
  sources
    .command('test <url>')
    .description('fetch and parse one URL, show what would be stored, store nothing')
    .addOption(new Option('--kind <kind>', 'parser to use').choices(SOURCE_KINDS))
    .option('--adapter <id>', 'leaderboard adapter (with --kind leaderboard)')
    .option('--member <name>', 'the file to read inside a ZIP (leaderboards)')
    .option('--item <selector>', 'page: CSS selector of each item (with --kind page)')
    .option('--title <selector>', 'page: selector of the title, relative to the item')
    .option('--link <selector>', 'page: selector of the link (default a[href]; "sel@attr" reads an attribute)')
    .option('--date <selector>', 'page: selector of the date (e.g. time@datetime)')
    .option('--summary <selector>', 'page: selector of the summary')
    .option('--limit <n>', 'at most N newest items')
    .action(lazy(async () => (await import('./commands/sources.js')).sourcesTestCommand));
  sources
    .command('import <file>')
    .description('add the feeds of an OPML file to the config file (written atomically)')
    .option('--tier <tier>', "evidence tier of the imported feeds: A, B, C or D (default: the file's, else C)")
    .option('--category <name>', 'category of the imported feeds (default: the file\'s folders, else "imported")')
    .option('--dry-run', 'show what would be added, write nothing')
    .action(lazy(async () => (await import('./commands/sources-opml.js')).sourcesImportCommand));
  sources
    .command('export')
    .description('the effective feed sources as OPML 2.0')
    .option('--out <path>', 'write to a file (atomically) instead of stdout')
    .action(lazy(async () => (await import('./commands/sources-opml.js')).sourcesExportCommand));

  program
    .command('db')
    .description('the database itself')
    .command('copy')
    .description('copy a whole record into an empty database (SQLite ↔ PostgreSQL), all or nothing, verified')
    .option('--from <path|url>', 'the database to read (default: the configured one)')
    .option('--to <path|url>', 'an empty SQLite file or PostgreSQL database to write')
    .action(lazy(async () => (await import('./commands/db.js')).dbCopyCommand));

  program
    .command('config')
    .description('configuration')
    .command('check')
    .description('validate the config; print effective values and where each came from')
    .action(lazy(async () => (await import('./commands/config-check.js')).configCheckCommand));

  return program;
}
