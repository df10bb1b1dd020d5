import { type Selectable, sql } from 'kysely';
import { refreshReadings } from './readings-repo.js';
import type { Database, Executor } from '../database.js';
import { preparedQuery } from '../prepared-query.js';
import type { AnalysesTable } from '../schema.js';
import { SEEN_AT } from './current-analysis.js';

export type AnalysisRow = Selectable<AnalysesTable>;

export interface ClaimedEvent {
  analysisId: number;
  /** Where the event sits in newest-first order: a run's claims move down from here. */
  seenAt: string;
  eventId: number;
  title: string;
  summary: string;
  url: string;
  sourceId: string;
  sourceTier: string;
  kind: string;
  contentHash: string;
  publishedAt: string | null;
  attempts: number;
}

export interface ClaimRequest {
  provider: string;
  model: string;
  promptVersion: string;
  now: string;
  leaseUntil: string;
  /** This run's token: a run never re-claims what it released itself. */
  token: string;
  sinceIso: string | null;
  eventId: number | null;
  force: boolean;
  maxAttempts: number;
  /** The last event this run claimed: the next one is older (no rescanning what is done). */
  after?: { seenAt: string; eventId: number } | null;
}

type CandidateValues = {
  provider: string;
  model: string;
  version: string;
  now: string;
  token: string;
  maxAttempts: number;
  eventId: number;
  since: string;
  afterSeen: string;
  afterId: number;
};

/** Which optional filters a request uses: one compiled query per combination. */
interface Shape {
  eventId: boolean;
  since: boolean;
  after: boolean;
  force: boolean;
  /** Lock the event row claimed, skipping rows other runs hold (PostgreSQL). */
  rowLocks: boolean;
}

// Events still needing an analysis from this provider + model + prompt version, newest first.
function candidates(db: Executor, p: CandidateValues, shape: Shape) {
  return (
    db
      .selectFrom('events as e')
      .leftJoin('sources as s', 's.id', 'e.source_id')
      .leftJoin('analyses as a', (join) =>
        join
          .onRef('a.event_id', '=', 'e.id')
          .on('a.provider', '=', p.provider)
          .on('a.model', '=', p.model)
          .on('a.prompt_version', '=', p.version),
      )
      .select((eb) => [
        'e.id as eventId',
        SEEN_AT.as('seenAt'),
        'e.title',
        'e.summary',
        'e.url',
        'e.source_id as sourceId',
        eb.fn.coalesce('s.tier', sql<string>`'D'`).as('sourceTier'),
        'e.kind',
        'e.content_hash as contentHash',
        'e.published_at as publishedAt',
        eb.fn.coalesce('a.attempts', sql<number>`0`).as('attempts'),
      ])
      .$if(shape.eventId, (q) => q.where('e.id', '=', p.eventId))
      // The first term lets the index seek to the cursor instead of walking past what is done.
      .$if(shape.after, (q) =>
        q.where(SEEN_AT, '<=', p.afterSeen).where(sql<boolean>`(${SEEN_AT}, e.id) < (${p.afterSeen}, ${p.afterId})`),
      )
      .$if(shape.since, (q) => q.where(SEEN_AT, '>=', p.since))
      .where((eb) => {
        const leaseFree = eb.or([eb('a.lease_until', 'is', null), eb('a.lease_until', '<', p.now)]);
        const notOurs = eb.or([eb('a.lease_token', 'is', null), eb('a.lease_token', '!=', p.token)]);
        const open = eb.and([eb('a.status', '=', 'pending'), leaseFree, eb('a.attempts', '<', p.maxAttempts), notOurs]);
        const redo = eb.and([eb('a.status', 'in', ['ok', 'failed']), leaseFree, notOurs]);
        // Held back by config `filters`: only asked for by id (`analyze --event N` still sends it).
        const asked = eb.and([eb('a.status', '=', 'filtered'), leaseFree, notOurs]);
        return eb.or([eb('a.id', 'is', null), open, ...(shape.force ? [redo] : []), ...(shape.eventId ? [asked] : [])]);
      })
      .orderBy(SEEN_AT, 'desc')
      .orderBy('e.id', 'desc')
      // PostgreSQL: racing analyzers skip the event another is claiming instead of waiting.
      .$if(shape.rowLocks, (q) => q.forUpdate('e').skipLocked())
  );
}

function shapeOf(r: Omit<ClaimRequest, 'leaseUntil'>): Shape {
  return {
    eventId: r.eventId !== null,
    since: r.sinceIso !== null,
    after: Boolean(r.after),
    force: r.force,
    rowLocks: false,
  };
}

function valuesOf(r: Omit<ClaimRequest, 'leaseUntil'>): CandidateValues {
  return {
    provider: r.provider,
    model: r.model,
    version: r.promptVersion,
    now: r.now,
    token: r.token,
    maxAttempts: r.maxAttempts,
    eventId: r.eventId ?? 0,
    since: r.sinceIso ?? '',
    afterSeen: r.after?.seenAt ?? '',
    afterId: r.after?.eventId ?? 0,
  };
}

const nextCandidate = new Map<string, ReturnType<typeof compileNext>>();
function compileNext(shape: Shape) {
  return preparedQuery((p: CandidateValues, db) => candidates(db, p, shape).limit(1));
}

/** What a run would claim, without claiming it (`analyze --dry-run`, the budget-skip count). */
export function listCandidates(
  handle: Database,
  r: Omit<ClaimRequest, 'leaseUntil'>,
  limit: number,
): Promise<Omit<ClaimedEvent, 'analysisId'>[]> {
  return candidates(handle.db, valuesOf(r), shapeOf(r)).limit(limit).execute();
}

const upsertClaim = preparedQuery(
  (
    p: {
      eventId: number;
      provider: string;
      model: string;
      version: string;
      hash: string;
      leaseUntil: string;
      token: string;
      now: string;
      /** 1 when a finished (`ok`, `failed`) analysis may be claimed again (`--force`). */
      force: number;
      /** 1 when a held-back (`filtered`) one may (`--event N`). */
      asked: number;
    },
    db,
  ) =>
    db
      .insertInto('analyses')
      .values({
        event_id: p.eventId,
        provider: p.provider,
        model: p.model,
        prompt_version: p.version,
        content_hash: p.hash,
        status: 'pending',
        attempts: 0,
        lease_until: p.leaseUntil,
        lease_token: p.token,
        created_at: p.now,
        updated_at: p.now,
      })
      .onConflict((oc) =>
        oc
          .columns(['event_id', 'provider', 'model', 'prompt_version'])
          .doUpdateSet((eb) => ({
            status: sql<string>`case when analyses.status = 'ok' then 'ok' else 'pending' end`,
            content_hash: eb.ref('excluded.content_hash'),
            lease_until: eb.ref('excluded.lease_until'),
            lease_token: eb.ref('excluded.lease_token'),
            updated_at: sql<string>`case when analyses.status = 'ok' then analyses.updated_at
                                    else excluded.updated_at end`,
            attempts: sql<number>`case when analyses.status in ('pending', 'ok') then analyses.attempts else 0 end`,
          }))
          // Never over a live lease, nor over what the other's claim has finished meanwhile: where
          // claims are not serialised (PostgreSQL's row locks), a racer that read the event before
          // another's claim committed gets no row back here, even once that claim has ended (its
          // lease cleared by an analysis stored or an event held back) — it would be paid twice.
          .where((eb) =>
            eb.and([
              eb.or([eb('analyses.lease_until', 'is', null), eb('analyses.lease_until', '<', p.now)]),
              eb.or([
                eb('analyses.status', '=', 'pending'),
                eb.and([sql<boolean>`${p.force} = 1`, eb('analyses.status', 'in', ['ok', 'failed'])]),
                eb.and([sql<boolean>`${p.asked} = 1`, eb('analyses.status', '=', 'filtered')]),
              ]),
            ]),
          ),
      )
      .returning(['id', 'attempts']),
);

/**
 * Claims the newest event that still needs an analysis from this provider + model + prompt
 * version, in one write-locked transaction with a lease: concurrent `analyze` processes
 * never get the same event. A claim whose process died is free again once its lease ends.
 * A forced claim of an `ok` analysis leaves it `ok` (only leased): the paid result stays
 * current until a new one succeeds.
 */
export function claimNext(handle: Database, r: ClaimRequest): Promise<ClaimedEvent | null> {
  const shape = { ...shapeOf(r), rowLocks: handle.rowLocks };
  const key = JSON.stringify(shape);
  let pick = nextCandidate.get(key);
  if (!pick) nextCandidate.set(key, (pick = compileNext(shape)));
  const query = pick;
  return handle.claimTransaction(async (trx): Promise<ClaimedEvent | null> => {
    // More than one pass only where another process's claim landed after this one read.
    for (let pass = 0; pass < 100; pass++) {
      const row = (await query(trx, valuesOf(r))).rows[0];
      if (!row) return null;
      const claimed = (
        await upsertClaim(trx, {
          eventId: row.eventId,
          provider: r.provider,
          model: r.model,
          version: r.promptVersion,
          hash: row.contentHash,
          leaseUntil: r.leaseUntil,
          token: r.token,
          now: r.now,
          force: r.force ? 1 : 0,
          asked: r.eventId !== null ? 1 : 0,
        })
      ).rows[0];
      if (claimed) return { ...row, analysisId: claimed.id, attempts: claimed.attempts };
    }
    throw new Error('no claim held after 100 passes: other runs keep taking the same events');
  });
}

const batchCandidates = new Map<string, ReturnType<typeof compileBatch>>();
function compileBatch(shape: Shape) {
  return preparedQuery((p: CandidateValues & { limit: number }, db) => candidates(db, p, shape).limit(p.limit));
}

const upsertResult = preparedQuery(
  (
    p: {
      eventId: number;
      provider: string;
      model: string;
      version: string;
      hash: string;
      token: string;
      now: string;
      significance: number;
      tier: string;
      categories: string;
      signposts: string;
      summary: string;
      rationale: string;
    },
    db,
  ) =>
    db
      .insertInto('analyses')
      .values({
        event_id: p.eventId,
        provider: p.provider,
        model: p.model,
        prompt_version: p.version,
        content_hash: p.hash,
        status: 'ok',
        attempts: 0,
        significance: p.significance,
        tier: p.tier,
        categories: p.categories,
        signposts: p.signposts,
        summary: p.summary,
        rationale: p.rationale,
        lease_until: null,
        lease_token: p.token,
        created_at: p.now,
        updated_at: p.now,
      })
      .onConflict((oc) =>
        oc
          .columns(['event_id', 'provider', 'model', 'prompt_version'])
          .doUpdateSet((eb) => ({
            status: 'ok',
            content_hash: eb.ref('excluded.content_hash'),
            significance: eb.ref('excluded.significance'),
            tier: eb.ref('excluded.tier'),
            categories: eb.ref('excluded.categories'),
            signposts: eb.ref('excluded.signposts'),
            summary: eb.ref('excluded.summary'),
            rationale: eb.ref('excluded.rationale'),
            reused_from: null,
            error: null,
            lease_until: null,
            lease_token: eb.ref('excluded.lease_token'),
            updated_at: eb.ref('excluded.updated_at'),
            attempts: sql<number>`case when analyses.status in ('pending', 'ok') then analyses.attempts else 0 end`,
          }))
          // As a claim: never over another run's live lease.
          .where((eb) => eb.or([eb('analyses.lease_until', 'is', null), eb('analyses.lease_until', '<', p.now)])),
      )
      .returning(['id', 'event_id']),
);

/**
 * Claims up to `limit` events and stores their analyses in the same write transaction, for an
 * analyser that costs nothing and waits on nothing (the offline rules): what claimNext and
 * completeAnalysis do for one event each — the same candidates in the same order, the same
 * rows in the end, never over a live lease — in one statement per event and one transaction
 * per batch, with the batch's readings. `analyse` runs inside the transaction: keep it quick.
 */
export function claimAndStore(
  handle: Database,
  r: ClaimRequest,
  limit: number,
  analyse: (event: Omit<ClaimedEvent, 'analysisId'>) => AnalysisResult,
): Promise<{ event: Omit<ClaimedEvent, 'analysisId'>; result: AnalysisResult }[]> {
  const shape = { ...shapeOf(r), rowLocks: handle.rowLocks };
  const key = JSON.stringify(shape);
  let pick = batchCandidates.get(key);
  if (!pick) batchCandidates.set(key, (pick = compileBatch(shape)));
  const query = pick;
  return handle.claimTransaction(async (trx) => {
    // More than one pass only where other processes' claims landed after this one read.
    for (let pass = 0; pass < 100; pass++) {
      const rows = (await query(trx, { ...valuesOf(r), limit })).rows;
      if (rows.length === 0) return [];
      const out: { event: Omit<ClaimedEvent, 'analysisId'>; result: AnalysisResult }[] = [];
      for (const event of rows) {
        const result = analyse(event);
        const stored = (
          await upsertResult(trx, {
            eventId: event.eventId,
            provider: r.provider,
            model: r.model,
            version: r.promptVersion,
            hash: event.contentHash,
            token: r.token,
            now: r.now,
            significance: result.significance,
            tier: result.tier,
            categories: JSON.stringify(result.categories),
            signposts: JSON.stringify(result.signposts),
            summary: result.summary,
            rationale: result.rationale,
          })
        ).rows[0];
        if (stored) out.push({ event, result });
      }
      await refreshReadings(
        trx,
        out.map((o) => o.event.eventId),
      );
      if (out.length > 0) return out;
    }
    throw new Error('no claim held after 100 passes: other runs keep taking the same events');
  });
}

export interface AnalysisResult {
  significance: number;
  tier: string;
  categories: string[];
  signposts: { code: string; value?: number | undefined; confidence: number }[];
  summary: string;
  rationale: string;
}

export async function completeAnalysis(
  handle: Database,
  id: number,
  result: AnalysisResult,
  at: string,
  reusedFrom: number | null = null,
): Promise<void> {
  // With the readings it makes current: a snapshot never sees the one without the other. A plain
  // transaction is enough (the claim's lease keeps other runs off this event): on PostgreSQL the
  // write transaction would also queue every store behind the budget's advisory lock.
  await handle.claimTransaction((trx) => completeAnalysisIn({ db: trx }, id, result, at, reusedFrom));
}

/** completeAnalysis inside a write transaction the caller already holds. */
export async function completeAnalysisIn(
  handle: Pick<Database, 'db'>,
  id: number,
  result: AnalysisResult,
  at: string,
  reusedFrom: number | null = null,
): Promise<void> {
  const row = await handle.db
    .updateTable('analyses')
    .set({
      status: 'ok',
      significance: result.significance,
      tier: result.tier,
      categories: JSON.stringify(result.categories),
      signposts: JSON.stringify(result.signposts),
      summary: result.summary,
      rationale: result.rationale,
      reused_from: reusedFrom,
      error: null,
      lease_until: null,
      updated_at: at,
    })
    .where('id', '=', id)
    .returning('event_id')
    .executeTakeFirst();
  if (row) await refreshReadings(handle.db, [row.event_id]);
}

/**
 * One more attempt that gave no valid answer; `failed` for good at the last one. A forced
 * re-analysis of an `ok` row only lets go of it: the paid analysis stays as it was.
 */
export async function recordFailedAttempt(
  handle: Pick<Database, 'db'>,
  id: number,
  error: string,
  at: string,
  maxAttempts: number,
): Promise<number> {
  const row = await handle.db
    .updateTable('analyses')
    .set({
      lease_until: null,
      attempts: sql<number>`case when status = 'ok' then attempts else attempts + 1 end`,
      error: sql<string | null>`case when status = 'ok' then error else ${error.slice(0, 500)} end`,
      updated_at: sql<string>`case when status = 'ok' then updated_at else ${at} end`,
      status: sql<string>`case when status = 'ok' then 'ok'
                               when attempts + 1 >= ${maxAttempts} then 'failed' else 'pending' end`,
    })
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}

export async function renewClaim(handle: Database, id: number, leaseUntil: string, token: string): Promise<void> {
  await handle.db
    .updateTable('analyses')
    .set({ lease_until: leaseUntil, lease_token: token })
    .where('id', '=', id)
    .execute();
}

/**
 * Gives a claim back untouched (budget stop, unbilled failure, interruption); an `ok` row keeps
 * its analysis as it was.
 */
export async function releaseClaim(
  handle: Pick<Database, 'db'>,
  id: number,
  at: string,
  error: string | null = null,
): Promise<void> {
  await handle.db
    .updateTable('analyses')
    .set({
      lease_until: null,
      updated_at: sql<string>`case when status = 'pending' then ${at} else updated_at end`,
      error: sql<string | null>`case when status = 'pending' then coalesce(${error}, error) else error end`,
    })
    .where('id', '=', id)
    .execute();
}

/** An analysis of the same content by the same model and prompt: never pay twice for one story. */
export function findReusable(
  handle: Database,
  contentHash: string,
  model: string,
  promptVersion: string,
  exceptId: number,
): Promise<AnalysisRow | undefined> {
  return handle.db
    .selectFrom('analyses')
    .selectAll()
    .where('content_hash', '=', contentHash)
    .where('model', '=', model)
    .where('prompt_version', '=', promptVersion)
    .where('status', '=', 'ok')
    .where('id', '!=', exceptId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** A story's analysis by this model and prompt: the lead's own first, else the oldest of another report. */
export function storyAnalysis(
  handle: Database,
  eventIds: readonly number[],
  leadId: number,
  model: string,
  promptVersion: string,
): Promise<AnalysisRow | undefined> {
  return handle.db
    .selectFrom('analyses')
    .selectAll()
    .where('event_id', 'in', eventIds)
    .where('model', '=', model)
    .where('prompt_version', '=', promptVersion)
    .where('status', '=', 'ok')
    .orderBy((eb) => eb.case().when('event_id', '=', leadId).then(0).else(1).end())
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export function analysesOf(handle: Database, eventId: number): Promise<AnalysisRow[]> {
  return handle.db
    .selectFrom('analyses')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Where one event stands for this provider + model + prompt version (`analyze --event` says why it needs nothing). */
export async function analysisStateOf(
  handle: Database,
  eventId: number,
  provider: string,
  model: string,
  promptVersion: string,
): Promise<{ exists: false } | { exists: true; status: string | null; attempts: number; leaseUntil: string | null }> {
  const event = await handle.db.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst();
  if (event === undefined) return { exists: false };
  const row = await handle.db
    .selectFrom('analyses')
    .select(['status', 'attempts', 'lease_until as leaseUntil'])
    .where('event_id', '=', eventId)
    .where('provider', '=', provider)
    .where('model', '=', model)
    .where('prompt_version', '=', promptVersion)
    .executeTakeFirst();
  return {
    exists: true,
    status: row?.status ?? null,
    attempts: row?.attempts ?? 0,
    leaseUntil: row?.leaseUntil ?? null,
  };
}
