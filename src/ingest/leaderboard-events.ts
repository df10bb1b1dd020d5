import { createHash } from 'node:crypto';
import type { NormalizedItem, Source } from '../core/types.js';
import type { LeaderboardAdapter } from '../sources/leaderboards/adapter.js';
import type { LeaderboardChange } from '../sources/leaderboards/changes.js';
import { withUnit } from '../core/wording.js';

/**
 * The stable synthetic URL of a leaderboard event: the leaderboard's URL plus benchmark,
 * model and date, so the usual identity rules (canonical URL, tombstones) hold for it.
 */
export function leaderboardEventUrl(source: Source, adapter: LeaderboardAdapter, model: string, date: string): string {
  const url = new URL(source.url);
  url.hash = `${adapter.board}/${encodeURIComponent(model)}/${date}`;
  return url.toString();
}

/** One change → the event that reports it (kind "leaderboard", dated by the row or the fetch day). */
export function leaderboardItem(
  source: Source,
  adapter: LeaderboardAdapter,
  change: LeaderboardChange,
  fetchDay: string,
): NormalizedItem {
  const date = change.row.date ?? fetchDay;
  const url = leaderboardEventUrl(source, adapter, change.row.model, date);
  const score = withUnit(change.row.score * adapter.scale, adapter.unit, 2);
  const prev = change.previousBest;
  const prevText = prev ? `${withUnit(prev.score * adapter.scale, adapter.unit, 2)} (${prev.model})` : null;
  const title =
    change.kind === 'new-best'
      ? `${adapter.benchmark}: ${change.row.model} ${prev ? 'sets a new best' : 'leads'} at ${score}`
      : `${adapter.benchmark}: ${change.row.model} enters the top 5 at #${change.rank} (${score})`;
  const summary =
    change.kind === 'new-best'
      ? `${change.row.model} scores ${score} on the ${adapter.benchmark} leaderboard` +
        (prevText
          ? `, above the previous best of ${prevText}`
          : ', the best score on the table when agi-tracker first read it') +
        '.'
      : `${change.row.model} scores ${score} on the ${adapter.benchmark} leaderboard ` +
        `and enters the top 5 at rank ${change.rank}${prevText ? `; the best is ${prevText}` : ''}.`;
  return {
    kind: 'leaderboard',
    title,
    url,
    canonicalUrl: url,
    contentHash: createHash('sha256').update(`leaderboard\n${url}`).digest('hex'),
    summary,
    authors: [],
    externalId: null,
    primaryCategory: null,
    pdfUrl: null,
    publishedAt: `${date}T00:00:00.000Z`,
  };
}
