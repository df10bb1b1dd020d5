import { DAY_MS } from '../core/durations.js';
import { roundTo } from '../core/rounding.js';
import type { Database } from '../db/open-database.js';
import { exactDuplicateGroups, type TitleRow, titlesSince } from '../db/repos/events-repo.js';
import { jaccard, titleTokens } from './title-similarity.js';

export const DEFAULT_NEAR_THRESHOLD = 0.7;
export const DEFAULT_NEAR_SINCE_DAYS = 30;
/** A word in more titles than this says nothing about which story it is; skipping it keeps the check linear. */
const MAX_POSTING = 500;

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

export function nearDuplicates(rows: TitleRow[], threshold: number): NearGroup[] {
  const tokens = rows.map((r) => titleTokens(r.title));
  const postings = new Map<string, number[]>();
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    parent[i] = root;
    return root;
  };
  const best = new Map<number, number>();

  rows.forEach((row, i) => {
    const seen = new Set<number>();
    for (const token of tokens[i] as Set<string>) {
      const list = postings.get(token) ?? [];
      if (list.length < MAX_POSTING) {
        for (const j of list) {
          if (seen.has(j)) continue;
          seen.add(j);
          if (rows[j]?.source_id === row.source_id) continue;
          const score = jaccard(tokens[i] as Set<string>, tokens[j] as Set<string>);
          if (score < threshold) continue;
          const a = find(i);
          const b = find(j);
          const top = Math.max(score, best.get(a) ?? 0, best.get(b) ?? 0);
          parent[a] = b;
          best.set(b, top);
        }
        list.push(i);
        postings.set(token, list);
      }
    }
  });

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
