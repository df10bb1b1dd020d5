import { join } from 'node:path';
import { writeIfChanged } from '../core/write-if-changed.js';
import { readSiteData } from '../reports/site-data.js';
import { siteFiles } from '../reports/site-build.js';
import type { JobContext } from './job-context.js';

export interface SiteOptions {
  /** The folder to write (made when missing). */
  out: string;
  /** Digests published (pages, archive): the newest N stored weeks. */
  weeks: number;
}

export interface SiteResult {
  out: string;
  /** Files written because they were new or changed, and files left as they were. */
  written: string[];
  unchanged: number;
  files: number;
}

/**
 * The static site from what `snapshot` and `digest` stored: read-only on the database (no
 * lock, no job run), writing only the files whose bytes changed.
 */
export async function siteJob(ctx: JobContext, options: SiteOptions): Promise<SiteResult> {
  const { config } = ctx;
  const now = ctx.clock();
  const db = await ctx.openDb({ mustExist: true });
  let files: Map<string, string>;
  try {
    const data = await readSiteData(db, config, now.toISOString().slice(0, 10), options.weeks);
    files = siteFiles(data, Object.keys(config.presets), config.publish.baseUrl, now);
  } finally {
    await db.close();
  }
  const written: string[] = [];
  for (const [path, text] of files) if (await writeIfChanged(join(options.out, path), text)) written.push(path);
  return { out: options.out, written, unchanged: files.size - written.length, files: files.size };
}
