import { DAY_MS } from '../../core/durations.js';
import { AppError, ExitCode } from '../../core/errors.js';
import { plainLine } from '../../core/plain-text.js';
import { searchTerms } from '../../core/search-terms.js';
import { snippetOf } from '../../core/snippet.js';
import { EVIDENCE_TIERS } from '../../core/types.js';
import { searchEvents } from '../../db/repos/search-repo.js';
import type { CommandContext } from '../context.js';
import { intFlag } from '../parse-flags.js';
import { renderSnippet } from '../render/highlight.js';
import { truncate } from '../render/table.js';

export interface SearchFlags {
  since?: string;
  source?: string;
  tier?: string;
  limit?: string;
}

/** Read-only, no lock: full text over titles, summaries and analysis summaries, best match first. */
export async function searchCommand(ctx: CommandContext, query: string[], flags: SearchFlags): Promise<number> {
  // Quoted or not: `search scaling laws` and `search "scaling laws"` ask the same.
  const terms = searchTerms(query.join(' '));
  if (terms.length === 0) throw new AppError('usage', 'search needs at least one word or number to look for');
  const since = intFlag(flags.since, '--since', 0, 100_000);
  const limit = intFlag(flags.limit, '--limit', 1, 1000) ?? 20;
  const tiers = flags.tier === undefined ? undefined : tierList(flags.tier);
  const db = await ctx.openDb({ mustExist: true });
  try {
    const started = performance.now();
    const rows = await searchEvents(db, {
      terms,
      sinceIso: since === undefined ? undefined : new Date(ctx.clock().getTime() - since * DAY_MS).toISOString(),
      sourceId: flags.source,
      tiers,
      limit,
    });
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const results = rows.map((r) => {
      const snippet = snippetOf([r.summary, r.analysis_summary], terms);
      return {
        id: r.id,
        title: plainLine(r.title),
        source: plainLine(r.source_id),
        tier: r.tier,
        publishedAt: r.published_at,
        fetchedAt: r.fetched_at,
        url: plainLine(r.url),
        score: Math.round(r.score * 1e6) / 1e6,
        snippet: snippet.text,
        highlights: snippet.highlights,
      };
    });
    if (ctx.io.json) {
      ctx.io.out(JSON.stringify({ terms, results, ms }));
      return ExitCode.ok;
    }
    if (results.length === 0) {
      ctx.io.out(`no events match ${terms.join(' ')}`);
      return ExitCode.ok;
    }
    const { chalk, color } = ctx.io;
    const blocks = results.map((r) => {
      const title = snippetOf([r.title], terms, 300);
      return [
        `#${r.id} ${renderSnippet(title, chalk, color)}`,
        `  ${(r.publishedAt ?? r.fetchedAt).slice(0, 10)} · ${truncate(r.source, 40)} · tier ${r.tier} · ` +
          truncate(r.url, 100),
        ...(r.snippet ? [`  ${renderSnippet({ text: r.snippet, highlights: r.highlights }, chalk, color)}`] : []),
      ].join('\n');
    });
    ctx.io.out(blocks.join('\n\n'));
    return ExitCode.ok;
  } finally {
    await db.close();
  }
}

function tierList(text: string): string[] {
  const tiers = text.split(',').map((t) => t.trim().toUpperCase());
  const bad = tiers.find((t) => !(EVIDENCE_TIERS as readonly string[]).includes(t));
  if (bad !== undefined)
    throw new AppError('usage', `--tier takes tiers from A to D separated by commas, got "${text}"`);
  return tiers;
}
