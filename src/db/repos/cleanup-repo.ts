import type { Database } from '../open-database.js';

export interface Cutoffs {
  eventsBefore: string;
  jobRunsBefore: string;
  alertsBefore: string;
  llmCallsBeforeDay: string;
}

export interface TableCounts {
  events: number;
  analyses: number;
  jobRuns: number;
  alerts: number;
  llmCalls: number;
}

/** Past retention, and not evidence for any stored snapshot value (those are kept). */
const EXPIRED_EVENT = 'coalesce(published_at, fetched_at) < ? and id not in (select event_id from snapshot_evidence)';

/** Events past retention kept because a stored snapshot value rests on them. */
export function countKeptAsEvidence(handle: Database, eventsBefore: string): number {
  return handle
    .prepare('select count(*) from events where coalesce(published_at, fetched_at) < ? and id in (select event_id from snapshot_evidence)')
    .pluck()
    .get(eventsBefore) as number;
}

/** What a cleanup with these cutoffs would delete (the dry run). */
export function countExpired(handle: Database, c: Cutoffs): TableCounts {
  const one = (sql: string, ...args: string[]) => handle.prepare(sql).pluck().get(...args) as number;
  return {
    events: one(`select count(*) from events where ${EXPIRED_EVENT}`, c.eventsBefore),
    analyses: one(`select count(*) from analyses where event_id in (select id from events where ${EXPIRED_EVENT})`, c.eventsBefore),
    // The per-source fetch history is part of the job ledger and shares its retention.
    jobRuns:
      one(`select count(*) from job_runs where started_at < ? and status != 'running'`, c.jobRunsBefore) +
      one('select count(*) from source_fetches where at < ?', c.jobRunsBefore),
    // An open episode (not yet resolved) is kept whatever its age: it still dedupes alerts.
    alerts: one('select count(*) from alerts where created_at < ? and resolved_at is not null', c.alertsBefore),
    llmCalls: one(`select count(*) from llm_calls where day < ? and state != 'reserved'`, c.llmCallsBeforeDay),
  };
}

/**
 * Deletes one bounded batch of expired rows in one transaction and returns what it deleted;
 * call it until it returns zeros. A deleted event leaves a tombstone (canonical URL and
 * content hash) so the next fetch does not store it, or pay to analyse it, again.
 */
export function deleteExpiredBatch(handle: Database, c: Cutoffs, batchSize: number, deletedAt: string): TableCounts {
  const ids = handle
    .prepare(`select id from events where ${EXPIRED_EVENT} order by id limit ?`)
    .pluck();
  const tombstone = handle.prepare(
    'insert into tombstones (canonical_url, content_hash, deleted_at) select canonical_url, content_hash, ? from events where id = ?',
  );
  const delAnalyses = handle.prepare('delete from analyses where event_id = ?');
  const delEvent = handle.prepare('delete from events where id = ?');
  const delRuns = handle.prepare(
    `delete from job_runs where id in (select id from job_runs where started_at < ? and status != 'running' limit ?)`,
  );
  const delFetches = handle.prepare('delete from source_fetches where id in (select id from source_fetches where at < ? limit ?)');
  const delAlerts = handle.prepare(
    'delete from alerts where id in (select id from alerts where created_at < ? and resolved_at is not null limit ?)',
  );
  const delCalls = handle.prepare(
    `delete from llm_calls where id in (select id from llm_calls where day < ? and state != 'reserved' limit ?)`,
  );
  return handle.raw.transaction((): TableCounts => {
    const counts: TableCounts = { events: 0, analyses: 0, jobRuns: 0, alerts: 0, llmCalls: 0 };
    for (const id of ids.all(c.eventsBefore, batchSize) as number[]) {
      tombstone.run(deletedAt, id);
      counts.analyses += delAnalyses.run(id).changes;
      counts.events += delEvent.run(id).changes;
    }
    counts.jobRuns = delRuns.run(c.jobRunsBefore, batchSize).changes + delFetches.run(c.jobRunsBefore, batchSize).changes;
    counts.alerts = delAlerts.run(c.alertsBefore, batchSize).changes;
    counts.llmCalls = delCalls.run(c.llmCallsBeforeDay, batchSize).changes;
    return counts;
  }).immediate();
}

/** Database size in bytes (pages × page size), as VACUUM changes it. */
export function databaseBytes(handle: Database): number {
  const pages = handle.raw.pragma('page_count', { simple: true }) as number;
  const size = handle.raw.pragma('page_size', { simple: true }) as number;
  return pages * size;
}

export function vacuum(handle: Database): void {
  handle.raw.pragma('wal_checkpoint(TRUNCATE)');
  handle.raw.exec('VACUUM');
  handle.raw.pragma('wal_checkpoint(TRUNCATE)');
}
