import { DAY_MS } from '../core/durations.js';
import { roundTo } from '../core/rounding.js';
import type { Database } from '../db/open-database.js';
import { exactDuplicateGroups, type TitleRow, titlesSince } from '../db/repos/events-repo.js';
import { similarPairs } from './similar-pairs.js';
import { titleWords } from './title-similarity.js';

export const DEFAULT_NEAR_THRESHOLD = 0.7;
export const DEFAULT_NEAR_SINCE_DAYS = 30;

export interface NearGroup {
  score: number;
  events: { id: number; title: string; source: string }[];
}

export interface DedupeReport {
  exact: { url: number[][]; contentHash: number[][] };
  near: NearGroup[];
}

/**
 * Exact duplicates (same canonical URL or content hash: zero unless the database was edited
 * by hand) and near-duplicates: titles of events from different sources whose word sets
 * have a Jaccard similarity at or above `threshold`, within the last `sinceDays`.
 */
export async function dedupeCheck(
  handle: Database,
  now: Date,
  threshold: number,
  sinceDays: number,
): Promise<DedupeReport> {
  const exact = {
    url: await exactDuplicateGroups(handle, 'canonical_url'),
    contentHash: await exactDuplicateGroups(handle, 'content_hash'),
  };
  const rows = await titlesSince(handle, new Date(now.getTime() - sinceDays * DAY_MS).toISOString());
  return { exact, near: nearDuplicates(rows, threshold) };
}

/**
 * Near-duplicate groups: events joined by any pair at or above `threshold` (transitively),
 * each group scored by its closest pair; every such pair is found (see similar-pairs.ts).
 */
export function nearDuplicates(rows: TitleRow[], threshold: number): NearGroup[] {
  const pairs = similarPairs(
    rows.map((r) => titleWords(r.title)),
    rows.map((r) => r.source_id),
    threshold,
  );
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    parent[i] = root;
    return root;
  };
  const best = new Map<number, number>();
  for (const { a, b, score } of pairs) {
    const ra = find(a);
    const rb = find(b);
    const top = Math.max(score, best.get(ra) ?? 0, best.get(rb) ?? 0);
    parent[ra] = rb;
    best.set(rb, top);
  }

  const groups = new Map<number, number[]>();
  rows.forEach((_, i) => {
    const root = find(i);
    if (root === i && !best.has(root)) return;
    const members = groups.get(root) ?? [];
    members.push(i);
    groups.set(root, members);
  });
  return [...groups.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([root, members]) => ({
      score: roundTo(best.get(root) ?? 0, 3),
      events: members.map((i) => {
        const r = rows[i] as TitleRow;
        return { id: r.id, title: r.title, source: r.source_id };
      }),
    }))
    .sort((a, b) => b.score - a.score || (a.events[0]?.id ?? 0) - (b.events[0]?.id ?? 0));
}
