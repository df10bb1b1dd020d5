import { fileURLToPath } from 'node:url';
import type { Source } from '../core/types.js';

/**
 * Bundled sample feeds for `fetch --offline`: invented items under reserved `sample:*` ids,
 * with example.org links and arXiv ids from 9912.* (never assigned to a real paper), so
 * they can never be mistaken for, or collide with, real events.
 */
const SAMPLES: (Source & { file: string })[] = (
  [
  { id: 'sample:arxiv', kind: 'arxiv', file: 'arxiv-api.xml', category: 'research', tier: 'A' },
  { id: 'sample:lab-blog', kind: 'feed', file: 'lab-blog.rss', category: 'lab', tier: 'B' },
  {
    id: 'sample:research-blog',
    kind: 'feed',
    file: 'research-blog.atom',
    category: 'research',
    tier: 'B',
  },
  { id: 'sample:ai-news', kind: 'feed', file: 'ai-news.rss', category: 'news', tier: 'C' },
  {
    id: 'sample:swe-bench',
    kind: 'leaderboard',
    adapter: 'swe-bench-verified',
    file: 'swe-bench-leaderboard.json',
    category: 'leaderboard',
    tier: 'A',
  },
  ] as (Omit<Source, 'kind' | 'tier' | 'url' | 'enabled'> & { kind: string; tier: string; file: string })[]
).map((s) => ({
  ...s,
  kind: s.kind as Source['kind'],
  tier: s.tier as Source['tier'],
  url: 'https://example.org/',
  enabled: true,
}));

export function sampleSources(): Source[] {
  return SAMPLES.map(({ file: _file, ...source }) => source);
}

/** The sample's file path, or null when the id is not a sample. */
export function sampleFile(id: string): string | null {
  const sample = SAMPLES.find((s) => s.id === id);
  // Two levels up from src/sources or dist/sources, so the data files are never copied.
  return sample
    ? fileURLToPath(new URL(`../../src/sources/samples/${sample.file}`, import.meta.url))
    : null;
}
