import { existsSync } from 'node:fs';
import { AppError, ExitCode, errorMessage } from '../../core/errors.js';
import { plainDeep } from '../../core/plain-text.js';
import type { PageSelectors, Source } from '../../core/types.js';
import { listHealth } from '../../db/repos/sources-repo.js';
import { HttpClient } from '../../http/http-client.js';
import { readSource } from '../../ingest/read-source.js';
import { pausedUntil } from '../../sources/source-health.js';
import { effectiveSources } from '../../sources/catalogue.js';
import type { LeaderboardRow } from '../../core/types.js';
import type { LeaderboardAdapter } from '../../sources/leaderboards/adapter.js';
import { ranked } from '../../sources/leaderboards/changes.js';
import { LEADERBOARD_ADAPTERS, leaderboardAdapter, tableOptionsProblem } from '../../sources/leaderboards/index.js';
import type { CommandContext } from '../context.js';
import { intFlag } from '../parse-flags.js';
import { renderTable, truncate } from '../render/table.js';
import { plural, withUnit } from '../../core/wording.js';

export async function sourcesListCommand(ctx: CommandContext): Promise<number> {
  const sources = effectiveSources(ctx.loaded.config);
  // Read-only: before the first fetch there is no database, and every source is simply new.
  const db = existsSync(ctx.loaded.config.db) ? await ctx.openDb({ mustExist: true }) : null;
  try {
    const health = new Map((db ? await listHealth(db) : []).map((h) => [h.id, h]));
    const now = ctx.clock();
    const rows = sources.map((s) => {
      const h = health.get(s.id);
      return {
        id: s.id,
        kind: s.kind,
        url: s.url,
        category: s.category,
        tier: s.tier,
        enabled: s.enabled,
        consecutiveFailures: h?.consecutive_failures ?? 0,
        lastError: h?.last_error ?? null,
        lastSuccessAt: h?.last_success_at ?? null,
        pausedUntil: pausedUntil(h, now),
        // Only where the catalogue or config says something (e.g. an unofficial mirror).
        ...(s.note ? { note: s.note } : {}),
      };
    });
    if (ctx.io.json) {
      ctx.io.out(JSON.stringify(plainDeep(rows)));
    } else {
      ctx.io.out(
        renderTable(
          ['id', 'kind', 'tier', 'category', 'enabled', 'failures', 'last success', 'paused until', 'last error'],
          rows.map((r) => [
            r.id,
            r.kind,
            r.tier,
            r.category,
            r.enabled ? 'yes' : 'no',
            r.consecutiveFailures,
            r.lastSuccessAt ?? 'never',
            r.pausedUntil ?? '',
            truncate(r.lastError ?? '', 50),
          ]),
          ctx.io.color,
        ),
      );
    }
    return ExitCode.ok;
  } finally {
    await db?.close();
  }
}

export interface SourcesTestFlags {
  kind?: string;
  adapter?: string;
  member?: string;
  limit?: string;
  item?: string;
  title?: string;
  link?: string;
  date?: string;
  summary?: string;
}

/** Fetches and parses one URL and shows what would be stored; stores nothing, opens no database. */
export async function sourcesTestCommand(ctx: CommandContext, url: string, flags: SourcesTestFlags): Promise<number> {
  if (!isHttpUrl(url)) throw new AppError('usage', `sources test takes an http(s) URL (got "${url}")`);
  const kind: Source['kind'] =
    flags.kind === 'arxiv' || (!flags.kind && /(^|\.)arxiv\.org\/api\//.test(url))
      ? 'arxiv'
      : flags.kind === 'leaderboard' || flags.adapter
        ? 'leaderboard'
        : flags.kind === 'page' || flags.item
          ? 'page'
          : 'feed';
  const page = kind === 'page' ? pageSelectors(flags) : undefined;
  const limit = intFlag(flags.limit, '--limit', 1, 100_000) ?? ctx.loaded.config.fetch.limit;
  if (kind === 'leaderboard' && !leaderboardAdapter(flags.adapter))
    throw new AppError('usage', `--adapter must be one of ${LEADERBOARD_ADAPTERS.map((a) => a.id).join(', ')}`);
  if (flags.member !== undefined && kind !== 'leaderboard')
    throw new AppError('usage', '--member is only for leaderboards (with --adapter)');
  const source: Source = {
    id: 'test',
    kind,
    url,
    category: 'test',
    tier: 'D',
    enabled: true,
    ...(flags.adapter ? { adapter: flags.adapter } : {}),
    ...(flags.member ? { table: { member: flags.member } } : {}),
    ...(page ? { page } : {}),
  };
  const misfit = kind === 'leaderboard' ? tableOptionsProblem(source) : null;
  if (misfit) throw new AppError('usage', misfit);
  const read = await readSource(source, {
    http: new HttpClient(ctx.loaded.config.http),
    validators: {},
    limit,
    signal: ctx.signal,
    isStored: async () => new Set<string>(),
    signposts: ctx.loaded.config.signposts,
    now: ctx.clock(),
  }).catch((err: unknown) => {
    throw new AppError('fetch', `${url}: ${errorMessage(err)}`);
  });
  if (read.status === 'ok' && read.table)
    return showTable(ctx, url, read.table.adapter, ranked(read.table.rows).slice(0, limit));
  // Normalised items are plain text already; cleaned again here because this prints them.
  const items = plainDeep(read.status === 'ok' ? read.items : []);
  if (ctx.io.json) {
    ctx.io.out(JSON.stringify({ url, kind, status: read.status, items }));
  } else {
    ctx.io.out(
      renderTable(
        ['published', 'title', 'canonical url'],
        items.map((i) => [i.publishedAt?.slice(0, 10) ?? '', truncate(i.title, 60), truncate(i.canonicalUrl, 70)]),
        ctx.io.color,
      ),
    );
    ctx.io.out(`${plural(items.length, 'item')} would be stored (before de-duplication); nothing was stored`);
  }
  return ExitCode.ok;
}

function showTable(ctx: CommandContext, url: string, adapter: LeaderboardAdapter, rows: LeaderboardRow[]): number {
  if (ctx.io.json) {
    ctx.io.out(JSON.stringify({ url, kind: 'leaderboard', adapter: adapter.id, rows: plainDeep(rows) }));
    return ExitCode.ok;
  }
  ctx.io.out(
    renderTable(
      ['rank', 'model', 'score', 'date'],
      rows.map((r, i) => [
        String(i + 1),
        truncate(r.model, 60),
        withUnit(r.score * adapter.scale, adapter.unit, 2),
        r.date ?? '',
      ]),
      ctx.io.color,
    ),
  );
  ctx.io.out(
    `${adapter.benchmark}: ${plural(rows.length, 'row')} shown, ` +
      `feeding ${adapter.signposts.join(', ')}; nothing was stored`,
  );
  return ExitCode.ok;
}

/** --item, --title and the optional --link, --date, --summary: a page source's selectors. */
function pageSelectors(flags: SourcesTestFlags): PageSelectors {
  if (!flags.item || !flags.title) throw new AppError('usage', '--kind page needs --item and --title selectors');
  const optional = { link: flags.link, date: flags.date, summary: flags.summary };
  return {
    item: flags.item,
    title: flags.title,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined && v !== '')),
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
