import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../database.js';
import type { DB } from '../schema.js';

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

/** When an event happened, as the events_seen_at index reads it (its publication, else its fetch). */
const SEEN = sql<string>`coalesce(events.published_at, events.fetched_at)`;

/** Past retention, and not evidence for any stored snapshot value (those are kept). */
function expiredEvent(eb: ExpressionBuilder<DB, 'events'>, before: string) {
  return eb.and([
    eb(SEEN, '<', before),
    eb('events.id', 'not in', eb.selectFrom('snapshot_evidence').select('snapshot_evidence.event_id')),
  ]);
}

async function count(q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }): Promise<number> {
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Events past retention kept because a stored snapshot value rests on them. */
export function countKeptAsEvidence(handle: Database, eventsBefore: string): Promise<number> {
  return count(
    handle.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => eb(eb.fn.coalesce('published_at', 'fetched_at'), '<', eventsBefore))
      .where('id', 'in', (eb) => eb.selectFrom('snapshot_evidence').select('event_id')),
  );
}

/**
 * What a cleanup with these cutoffs would delete (the dry run), counted through indexes:
 * expired events over the events_seen_at range (and their analyses by the
 * analyses_event_version index), less the few kept as snapshot evidence.
 */
export async function countExpired(handle: Database, c: Cutoffs): Promise<TableCounts> {
  const { db } = handle;
  const past = db.selectFrom('events').where(SEEN, '<', c.eventsBefore);
  const kept = past.where('events.id', 'in', (eb) => eb.selectFrom('snapshot_evidence').select('event_id'));
  const analysesOf = (events: typeof past) =>
    count(events.innerJoin('analyses', 'analyses.event_id', 'events.id').select((eb) => eb.fn.countAll().as('n')));
  return {
    events:
      (await count(past.select((eb) => eb.fn.countAll().as('n')))) -
      (await count(kept.select((eb) => eb.fn.countAll().as('n')))),
    analyses: (await analysesOf(past)) - (await analysesOf(kept)),
    // The per-source fetch history is part of the job ledger and shares its retention.
    jobRuns:
      (await count(
        db
          .selectFrom('job_runs')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('started_at', '<', c.jobRunsBefore)
          .where('status', '!=', 'running'),
      )) +
      (await count(
        db
          .selectFrom('source_fetches')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('at', '<', c.jobRunsBefore),
      )),
    // An open episode (not yet resolved) is kept whatever its age: it still dedupes alerts.
    alerts: await count(
      db
        .selectFrom('alerts')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('created_at', '<', c.alertsBefore)
        .where('resolved_at', 'is not', null),
    ),
    llmCalls: await count(
      db
        .selectFrom('llm_calls')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('day', '<', c.llmCallsBeforeDay)
        .where('state', '!=', 'reserved'),
    ),
  };
}

/**
 * Deletes one bounded batch of expired rows in one transaction and returns what it deleted;
 * call it until it returns zeros. A deleted event leaves a tombstone (canonical URL and
 * content hash) so the next fetch does not store it, or pay to analyse it, again. The batch's
 * events are the oldest `batchSize` expired ones, read off the events_seen_at index; the
 * tombstones, the analyses and the events are each written by one set-wise statement over
 * them (the transaction holds the write lock, so the three see the same batch).
 */
export function deleteExpiredBatch(
  handle: Database,
  c: Cutoffs,
  batchSize: number,
  deletedAt: string,
): Promise<TableCounts> {
  return handle.writeTransaction(async (trx): Promise<TableCounts> => {
    const counts: TableCounts = { events: 0, analyses: 0, jobRuns: 0, alerts: 0, llmCalls: 0 };
    const batch = trx
      .selectFrom('events')
      .select('events.id')
      .where((eb) => expiredEvent(eb, c.eventsBefore))
      .orderBy(SEEN)
      .orderBy('events.id')
      .limit(batchSize);
    await trx
      .insertInto('tombstones')
      .columns(['canonical_url', 'content_hash', 'deleted_at'])
      .expression((eb) =>
        eb
          .selectFrom('events')
          .select((e) => ['canonical_url', 'content_hash', e.val(deletedAt).as('deleted_at')])
          .where('id', 'in', batch),
      )
      .execute();
    await trx.deleteFrom('signpost_readings').where('event_id', 'in', batch).execute();
    counts.analyses = await deleted(trx.deleteFrom('analyses').where('event_id', 'in', batch));
    counts.events = await deleted(trx.deleteFrom('events').where('id', 'in', batch));
    counts.jobRuns =
      (await deleted(
        trx
          .deleteFrom('job_runs')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('job_runs')
              .select('id')
              .where('started_at', '<', c.jobRunsBefore)
              .where('status', '!=', 'running')
              .limit(batchSize),
          ),
      )) +
      (await deleted(
        trx
          .deleteFrom('source_fetches')
          .where('id', 'in', (eb) =>
            eb.selectFrom('source_fetches').select('id').where('at', '<', c.jobRunsBefore).limit(batchSize),
          ),
      ));
    counts.alerts = await deleted(
      trx
        .deleteFrom('alerts')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('alerts')
            .select('id')
            .where('created_at', '<', c.alertsBefore)
            .where('resolved_at', 'is not', null)
            .limit(batchSize),
        ),
    );
    counts.llmCalls = await deleted(
      trx
        .deleteFrom('llm_calls')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('llm_calls')
            .select('id')
            .where('day', '<', c.llmCallsBeforeDay)
            .where('state', '!=', 'reserved')
            .limit(batchSize),
        ),
    );
    return counts;
  });
}

async function deleted(q: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }): Promise<number> {
  return Number((await q.executeTakeFirst()).numDeletedRows);
}
