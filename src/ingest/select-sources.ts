import { AppError } from '../core/errors.js';
import type { Source } from '../core/types.js';

/**
 * `--source <id|kind|all>` → the sources to fetch. A source named by id is fetched even when
 * disabled or paused (`force`); a kind or `all` takes the enabled ones.
 */
export function selectSources(all: Source[], selector = 'all'): { sources: Source[]; force: Set<string> } {
  if (selector === 'all') return { sources: all.filter((s) => s.enabled), force: new Set() };
  const byId = all.find((s) => s.id === selector);
  if (byId) return { sources: [byId], force: new Set([byId.id]) };
  const byKind = all.filter((s) => s.kind === selector && s.enabled);
  if (byKind.length > 0) return { sources: byKind, force: new Set() };
  const ids = all.map((s) => s.id).join(', ');
  throw new AppError(
    'usage',
    `unknown source "${selector}": use all, a kind (feed, arxiv, leaderboard, page) or an id (${ids})`,
  );
}
