import { isPostgresUrl, redactDatabaseUrl } from '../../core/database-url.js';
import { AppError, ExitCode } from '../../core/errors.js';
import { plural } from '../../core/wording.js';
import { openDatabase } from '../../db/open-database.js';
import { copyDatabase } from '../../ops/db-copy.js';
import type { CommandContext } from '../context.js';
import { renderTable } from '../render/table.js';

export interface DbCopyFlags {
  from?: string;
  to?: string;
}

/** `db copy --from <db> --to <db>`: a whole record into an empty database, all or nothing. */
export async function dbCopyCommand(ctx: CommandContext, flags: DbCopyFlags): Promise<number> {
  const from = flags.from ?? ctx.loaded.config.db;
  const to = flags.to;
  if (!to)
    throw new AppError('usage', 'db copy needs --to <file.db|postgres://…> (and --from, else the configured db)');
  if (sameLocation(from, to))
    throw new AppError('usage', `db copy: --from and --to name the same database (${redactDatabaseUrl(to)})`);
  const settings = ctx.loaded.config.postgres;
  const source = await openDatabase(from, { ...settings, mustExist: true });
  try {
    const target = await openDatabase(to, settings);
    try {
      const report = await copyDatabase(source, target);
      if (ctx.io.json) ctx.io.out(JSON.stringify(report));
      else {
        const rows = Object.entries(report.rows).map(([table, n]) => [table, n]);
        ctx.io.out(renderTable(['table', 'rows'], rows, ctx.io.color));
        ctx.io.out(
          `copied ${report.from} to ${report.to}: ${plural(
            Object.values(report.rows).reduce((a, b) => a + b, 0),
            'row',
          )}, ` + `ledger $${report.ledger.costUsd.toFixed(4)} spent; counts and totals verified (${report.ms} ms)`,
        );
      }
      return ExitCode.ok;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

function sameLocation(a: string, b: string): boolean {
  if (isPostgresUrl(a) || isPostgresUrl(b)) return a.trim() === b.trim();
  return a === b;
}
