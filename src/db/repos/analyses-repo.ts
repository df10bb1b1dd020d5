import type { Database } from '../open-database.js';
import type { AnalysesTable } from '../schema.js';

export type AnalysisRow = Omit<AnalysesTable, 'id'> & { id: number };

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

// Events still needing an analysis from this provider + model + prompt version, newest first.
const CANDIDATES = `select e.id as eventId, coalesce(e.published_at, e.fetched_at) as seenAt, e.title, e.summary, e.url, e.source_id as sourceId, coalesce(s.tier, 'D') as sourceTier,
       e.kind, e.content_hash as contentHash, e.published_at as publishedAt, coalesce(a.attempts, 0) as attempts
     from events e
     left join sources s on s.id = e.source_id
     left join analyses a on a.event_id = e.id and a.provider = @provider and a.model = @model and a.prompt_version = @version
     where (@eventId is null or e.id = @eventId)
       and (@afterSeen is null or (coalesce(e.published_at, e.fetched_at), e.id) < (@afterSeen, @afterId))
       and (@since is null or coalesce(e.published_at, e.fetched_at) >= @since)
       and (a.id is null
         or (a.status = 'pending' and (a.lease_until is null or a.lease_until < @now) and a.attempts < @maxAttempts
             and (a.lease_token is null or a.lease_token != @token))
         or (@force = 1 and a.status in ('ok', 'failed') and (a.lease_until is null or a.lease_until < @now)
             and (a.lease_token is null or a.lease_token != @token)))
     order by coalesce(e.published_at, e.fetched_at) desc, e.id desc`;

function params(r: Omit<ClaimRequest, 'leaseUntil'>) {
  return {
    provider: r.provider,
    model: r.model,
    version: r.promptVersion,
    eventId: r.eventId,
    since: r.sinceIso,
    now: r.now,
    token: r.token,
    force: r.force ? 1 : 0,
    maxAttempts: r.maxAttempts,
    afterSeen: r.after?.seenAt ?? null,
    afterId: r.after?.eventId ?? null,
  };
}

/** What a run would claim, without claiming it (`analyze --dry-run`, the budget-skip count). */
export function listCandidates(handle: Database, r: Omit<ClaimRequest, 'leaseUntil'>, limit: number): Omit<ClaimedEvent, 'analysisId'>[] {
  return handle.prepare(`${CANDIDATES} limit ?`).all(params(r), limit) as Omit<ClaimedEvent, 'analysisId'>[];
}

/**
 * Claims the newest event that still needs an analysis from this provider + model + prompt
 * version, in one BEGIN IMMEDIATE transaction with a lease: concurrent `analyze` processes
 * never get the same event. A claim whose process died is free again once its lease ends.
 * A forced claim of an `ok` analysis leaves it `ok` (only leased): the paid result stays
 * current until a new one succeeds.
 */
export function claimNext(handle: Database, r: ClaimRequest): ClaimedEvent | null {
  const pick = handle.prepare(`${CANDIDATES} limit 1`);
  const upsert = handle.prepare(
    `insert into analyses (event_id, provider, model, prompt_version, content_hash, status, attempts, lease_until, lease_token, created_at, updated_at)
     values (@eventId, @provider, @model, @version, @hash, 'pending', 0, @leaseUntil, @token, @now, @now)
     on conflict (event_id, provider, model, prompt_version) do update set
       status = case when analyses.status = 'ok' then 'ok' else 'pending' end,
       content_hash = excluded.content_hash, lease_until = excluded.lease_until, lease_token = excluded.lease_token,
       updated_at = case when analyses.status = 'ok' then analyses.updated_at else excluded.updated_at end,
       attempts = case when analyses.status in ('pending', 'ok') then analyses.attempts else 0 end
     returning id, attempts`,
  );
  return handle.raw
    .transaction((): ClaimedEvent | null => {
      const row = pick.get(params(r)) as Omit<ClaimedEvent, 'analysisId'> | undefined;
      if (!row) return null;
      const claimed = upsert.get({
        eventId: row.eventId,
        provider: r.provider,
        model: r.model,
        version: r.promptVersion,
        hash: row.contentHash,
        leaseUntil: r.leaseUntil,
        token: r.token,
        now: r.now,
      }) as { id: number; attempts: number };
      return { ...row, analysisId: claimed.id, attempts: claimed.attempts };
    })
    .immediate();
}

export interface AnalysisResult {
  significance: number;
  tier: string;
  categories: string[];
  signposts: { code: string; value?: number | undefined; confidence: number }[];
  summary: string;
  rationale: string;
}

export function completeAnalysis(handle: Database, id: number, result: AnalysisResult, at: string, reusedFrom: number | null = null): void {
  handle
    .prepare(
      `update analyses set status = 'ok', significance = ?, tier = ?, categories = ?, signposts = ?, summary = ?,
         rationale = ?, reused_from = ?, error = null, lease_until = null, updated_at = ? where id = ?`,
    )
    .run(
      result.significance,
      result.tier,
      JSON.stringify(result.categories),
      JSON.stringify(result.signposts),
      result.summary,
      result.rationale,
      reusedFrom,
      at,
      id,
    );
}

/**
 * One more attempt that gave no valid answer; `failed` for good at the last one. A forced
 * re-analysis of an `ok` row only lets go of it: the paid analysis stays as it was.
 */
export function recordFailedAttempt(handle: Database, id: number, error: string, at: string, maxAttempts: number): number {
  const row = handle
    .prepare(
      `update analyses set lease_until = null,
         attempts = case when status = 'ok' then attempts else attempts + 1 end,
         error = case when status = 'ok' then error else ? end,
         updated_at = case when status = 'ok' then updated_at else ? end,
         status = case when status = 'ok' then 'ok' when attempts + 1 >= ? then 'failed' else 'pending' end
       where id = ? returning attempts`,
    )
    .get(error.slice(0, 500), at, maxAttempts, id) as { attempts: number };
  return row.attempts;
}

export function renewClaim(handle: Database, id: number, leaseUntil: string, token: string): void {
  handle.prepare('update analyses set lease_until = ?, lease_token = ? where id = ?').run(leaseUntil, token, id);
}

/** Gives a claim back untouched (budget stop, unbilled failure, interruption); an `ok` row keeps its analysis as it was. */
export function releaseClaim(handle: Database, id: number, at: string, error: string | null = null): void {
  handle
    .prepare(
      `update analyses set lease_until = null,
         updated_at = case when status = 'pending' then ? else updated_at end,
         error = case when status = 'pending' then coalesce(?, error) else error end
       where id = ?`,
    )
    .run(at, error, id);
}

/** An analysis of the same content by the same model and prompt: never pay twice for one story. */
export function findReusable(handle: Database, contentHash: string, model: string, promptVersion: string, exceptId: number): AnalysisRow | undefined {
  return handle
    .prepare(
      `select * from analyses where content_hash = ? and model = ? and prompt_version = ? and status = 'ok' and id != ?
       order by id limit 1`,
    )
    .get(contentHash, model, promptVersion, exceptId) as AnalysisRow | undefined;
}

export function analysesOf(handle: Database, eventId: number): AnalysisRow[] {
  return handle.prepare('select * from analyses where event_id = ? order by updated_at desc, id desc').all(eventId) as AnalysisRow[];
}

/**
 * Joins each event `e` to its current analysis `a`: the newest `ok` one, an LLM's before the
 * offline analyser's. Shared by export, snapshots and digests so they agree.
 */
export const CURRENT_ANALYSIS_JOIN = `left join analyses a on a.id = (
         select id from analyses where event_id = e.id and status = 'ok'
         order by (provider = 'offline'), updated_at desc, id desc limit 1)`;

/** Where one event stands for this provider + model + prompt version (`analyze --event` says why it needs nothing). */
export function analysisStateOf(
  handle: Database,
  eventId: number,
  provider: string,
  model: string,
  promptVersion: string,
): { exists: false } | { exists: true; status: string | null; attempts: number; leaseUntil: string | null } {
  const event = handle.prepare('select id from events where id = ?').pluck().get(eventId);
  if (event === undefined) return { exists: false };
  const row = handle
    .prepare('select status, attempts, lease_until as leaseUntil from analyses where event_id = ? and provider = ? and model = ? and prompt_version = ?')
    .get(eventId, provider, model, promptVersion) as { status: string; attempts: number; leaseUntil: string | null } | undefined;
  return { exists: true, status: row?.status ?? null, attempts: row?.attempts ?? 0, leaseUntil: row?.leaseUntil ?? null };
}
