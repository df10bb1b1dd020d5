import type { z } from 'zod';
import type { Origin } from './key.js';

/** What the loader knows of a declared key, so its error can say where the value came from. */
export interface KeySource {
  origin: Origin;
  secret: boolean;
  value: unknown;
}

export interface IssueWording {
  /** Where the checked value sits in the config (e.g. ["sources"] for a list checked alone). */
  path?: PropertyKey[];
  /** A declared key by its dotted name; its errors then name origin and value. */
  keySource?: (key: string) => KeySource | undefined;
}

/**
 * zod issues as config errors, one per key, each naming the key:
 * `unknown key "htttp"`, `http.retries must be a whole number from 0 to 10 (from file, got -1)`,
 * `sources[0].kind must be one of feed, arxiv, leaderboard`. A secret's value is never echoed,
 * not even a wrong one.
 */
export function configIssues(issues: readonly z.core.$ZodIssue[], wording: IssueWording = {}): string[] {
  const unknown: string[] = [];
  const problems: string[] = [];
  const named = new Set<string>();
  for (const issue of issues) {
    const path = [...(wording.path ?? []), ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) unknown.push(`unknown key "${dotted([...path, k])}"`);
      continue;
    }
    // Another module's validator worded it already (signposts, presets).
    if (issue.code === 'custom' && issue.params?.worded === true) {
      problems.push(issue.message);
      continue;
    }
    const key = dotted(path);
    if (named.has(key)) continue; // one problem per key: "1e300" is both too big and not safe
    named.add(key);
    const source = wording.keySource?.(key);
    if (!source) problems.push(`${key} ${issue.message}`);
    else
      problems.push(
        `${key} ${issue.message} (from ${source.origin}` +
          `${source.secret ? '' : `, got ${JSON.stringify(source.value)}`})`,
      );
  }
  return [...unknown, ...problems];
}

/** ["sources", 0, "kind"] → "sources[0].kind". */
export function dotted(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
