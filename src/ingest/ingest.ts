import pLimit from 'p-limit';
import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { plainLine } from '../core/plain-text.js';
import type { Logger } from '../core/logger.js';
import type { FetchReport, Source, SourceReport } from '../core/types.js';
import type { Database } from '../db/open-database.js';
import { storedUrls } from '../db/repos/events-repo.js';
import { recordFetches } from '../db/repos/source-fetches-repo.js';
import { getHealth, listHealth, syncSources, updateHealth } from '../db/repos/sources-repo.js';
import type { HttpClient } from '../http/http-client.js';
import { HttpFailure } from '../http/http-failure.js';
import { afterFailure, afterSuccess, pausedUntil } from '../sources/source-health.js';
import { BatchWriter } from './batch-writer.js';
import type { ParseJob } from './parse-body.js';
import type { ParsePool } from './parse-pool.js';
import { ingestLeaderboard } from './leaderboard-ingest.js';
import { readSource } from './read-source.js';

export interface IngestContext {
  db: Database;
  config: Config;
  clock: Clock;
  logger: Logger;
  http: HttpClient | null;
  signal: AbortSignal;
  /** Parse workers for feed bodies; without it, bodies are parsed on this thread. */
  parsePool?: ParsePool | null;
}

export interface IngestOptions {
  limit: number;
  concurrency: number;
  /** Ids fetched even when paused (named explicitly with --source). */
  force: Set<string>;
  onSource?: (report: SourceReport) => void;
}

/**
 * fetch → parse → normalise → store, for each source. One failing source never stops the
 * others; each source's items are stored in one transaction. Stops starting sources once
 * the signal aborts; what was stored stays stored.
 */
export async function ingest(ctx: IngestContext, sources: Source[], options: IngestOptions): Promise<FetchReport> {
  await syncSources(ctx.db, sources);
  const writer = new BatchWriter(ctx.db);
  const limit = pLimit(options.concurrency);
  const reports = await Promise.all(
    sources.map((source) =>
      limit(async () => {
        if (ctx.signal.aborted) return null;
        const report = await ingestOne(ctx, source, options, writer);
        if (report) options.onSource?.(report);
        return report;
      }),
    ),
  );
  const done = reports.filter((r): r is SourceReport => r !== null);
  await recordHistory(ctx, done);
  return {
    sources: done,
    totals: {
      fetched: sum(done, 'fetched'),
      new: sum(done, 'new'),
      duplicates: sum(done, 'duplicates'),
      skipped: sum(done, 'skipped'),
      failed: done.filter((r) => r.status === 'failed').length,
    },
  };
}

async function ingestOne(
  ctx: IngestContext,
  source: Source,
  options: IngestOptions,
  writer: BatchWriter,
): Promise<SourceReport | null> {
  const started = Date.now();
  const health = await getHealth(ctx.db, source.id);
  const report = (patch: Partial<SourceReport>): SourceReport => ({
    id: source.id,
    status: 'ok',
    fetched: 0,
    new: 0,
    duplicates: 0,
    skipped: 0,
    error: null,
    ms: Date.now() - started,
    ...patch,
  });

  const paused = pausedUntil(health, ctx.clock());
  if (paused && !options.force.has(source.id)) {
    return report({
      status: 'paused',
      error: `paused until ${paused}${health?.last_error ? ` (last error: ${health.last_error})` : ''}`,
    });
  }

  const sameUrl = health?.validators_url === source.url;
  // One instant for the whole source: item dates are bounded by it and it is their fetched_at.
  const fetchedAt = ctx.clock();
  try {
    const read = await readSource(source, {
      http: ctx.http,
      validators: sameUrl ? { etag: health?.etag ?? null, lastModified: health?.last_modified ?? null } : {},
      limit: options.limit,
      signal: ctx.signal,
      isStored: (urls) => storedUrls(ctx.db, urls),
      signposts: ctx.config.signposts,
      now: fetchedAt,
      ...(ctx.parsePool ? { parse: (job: ParseJob) => (ctx.parsePool as ParsePool).parse(job) } : {}),
    });
    const now = ctx.clock();
    if (read.status === 'not-modified') {
      await updateHealth(ctx.db, source.id, afterSuccess(now));
      return report({ status: 'not-modified' });
    }
    const stored = read.table
      ? await ingestLeaderboard(ctx.db, source, read.table, now)
      : await writer.store(source.id, read.items, fetchedAt.toISOString());
    await updateHealth(
      ctx.db,
      source.id,
      afterSuccess(now, {
        etag: read.etag,
        last_modified: read.lastModified,
        validators_url: source.url,
        ...(stored.new > 0 ? { last_new_at: now.toISOString() } : {}),
      }),
    );
    ctx.logger.debug(`${source.id}: ${read.fetched} fetched, ${stored.new} new`);
    return report({ fetched: read.fetched, new: stored.new, duplicates: stored.duplicates, skipped: read.skipped });
  } catch (err) {
    if (ctx.signal.aborted) return null;
    // Errors quote what servers and feeds sent: stored, logged and alerted as plain text.
    const message = plainLine(errorMessage(err));
    const failure = err instanceof HttpFailure ? err : null;
    await updateHealth(
      ctx.db,
      source.id,
      afterFailure(health, ctx.clock(), {
        message,
        gone: failure?.gone ?? false,
        retryAt: failure?.retryAt ?? null,
      }),
    );
    ctx.logger.warn(`${source.id}: ${message}`);
    return report({ status: 'failed', error: message });
  }
}

/** Each source's outcome with its health after it: the digest reads past weeks from this. */
async function recordHistory(ctx: IngestContext, reports: SourceReport[]): Promise<void> {
  const now = ctx.clock();
  const health = new Map((await listHealth(ctx.db)).map((h) => [h.id, h]));
  await recordFetches(
    ctx.db,
    reports.map((r) => ({
      source_id: r.id,
      at: now.toISOString(),
      status: r.status,
      new_items: r.new,
      // A paused source was not tried: what it last failed with is the error that matters.
      error: r.status === 'paused' ? (health.get(r.id)?.last_error ?? null) : r.error,
      consecutive_failures: health.get(r.id)?.consecutive_failures ?? 0,
      paused_until: pausedUntil(health.get(r.id), now),
    })),
  );
}

function sum(reports: SourceReport[], key: 'fetched' | 'new' | 'duplicates' | 'skipped'): number {
  return reports.reduce((n, r) => n + r[key], 0);
}
