import { readFile } from 'node:fs/promises';
import { DAY_MS } from '../core/durations.js';
import { packageFile } from '../core/package-files.js';
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
  // Read where they are shipped (src/sources/samples), so the data files are never copied.
  return sample ? packageFile('src/sources/samples', sample.file) : null;
}

/** The newest sample item: the files were written as if it were the latest news. */
const WRITTEN_FOR = Date.parse('2026-11-20T09:00:00Z');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * Days the samples move so that they read as recent news on any day: whole weeks (weekdays
 * and ISO weeks keep their shape), as many as put the newest item in the 7 days up to now.
 * The samples span two ISO weeks, so the last complete week always holds some of them and
 * `digest` right after `fetch --offline` is never empty.
 */
export function sampleShiftDays(now: Date): number {
  return Math.floor((now.getTime() - WRITTEN_FOR) / (7 * DAY_MS)) * 7;
}

/** A sample file's bytes with every date in it (ISO 8601, RFC 822) moved by sampleShiftDays. */
export async function readSample(path: string, now: Date): Promise<Buffer> {
  const shift = sampleShiftDays(now) * DAY_MS;
  const text = (await readFile(path)).toString('utf8');
  const moved = text
    .replace(/\b(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)?/g, (all, day: string, time: string | undefined) => {
      const at = new Date(Date.parse(`${day}${time ?? 'T00:00:00Z'}`) + shift).toISOString();
      return time ? `${at.slice(0, 19)}${time.slice(9)}` : at.slice(0, 10);
    })
    .replace(
      /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (\w{3}) (\d{4}) (\d{2}:\d{2}:\d{2}) GMT\b/g,
      (all, d: string, mon: string, y: string, hms: string) => {
        const at = new Date(Date.parse(`${d} ${mon} ${y} ${hms} GMT`) + shift);
        const day = String(at.getUTCDate()).padStart(2, '0');
        return `${DAYS[at.getUTCDay()]}, ${day} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} ${hms} GMT`;
      },
    );
  return Buffer.from(moved, 'utf8');
}
