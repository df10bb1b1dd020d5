import type { Generated } from 'kysely';

// Generated<T>: the database fills the column when an insert leaves it out (a default or an id).

/** Row types as stored. Timestamps are ISO-8601 UTC strings; JSON columns are TEXT. */
export interface SourcesTable {
  id: string;
  kind: string;
  url: string;
  category: string;
  tier: string;
  etag: string | null;
  last_modified: string | null;
  /** The URL the validators above belong to: a changed URL must not send a stale ETag. */
  validators_url: string | null;
  last_fetched_at: string | null;
  last_success_at: string | null;
  last_new_at: string | null;
  /** When the source first answered successfully: the start of its silence while nothing new came. */
  first_success_at: string | null;
  consecutive_failures: Generated<number>;
  last_error: string | null;
  disabled_until: string | null;
  /** Current pause length, doubled on each failed trial fetch. */
  pause_ms: Generated<number>;
}

export interface EventsTable {
  id: Generated<number>;
  source_id: string;
  kind: string;
  title: string;
  url: string;
  canonical_url: string;
  content_hash: string;
  summary: string;
  /** JSON array of names. */
  authors: Generated<string>;
  external_id: string | null;
  primary_category: string | null;
  pdf_url: string | null;
  published_at: string | null;
  fetched_at: string;
}

export interface TombstonesTable {
  canonical_url: string;
  content_hash: string;
  deleted_at: string;
}

export interface JobRunsTable {
  id: Generated<number>;
  job: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  counts: string | null;
  error: string | null;
  pid: number;
  host: string;
  /** Renewed while the run runs; a `running` row past it belongs to a dead process. */
  lease_until: string | null;
}

/** One source's outcome in one fetch run, with its health right after (the digest reads weeks back). */
export interface SourceFetchesTable {
  id: Generated<number>;
  source_id: string;
  at: string;
  status: string;
  new_items: Generated<number>;
  error: string | null;
  consecutive_failures: Generated<number>;
  paused_until: string | null;
}

export interface LocksTable {
  job: string;
  pid: number;
  host: string;
  run_id: number | null;
  acquired_at: string;
  expires_at: string;
}

export interface AnalysesTable {
  id: Generated<number>;
  event_id: number;
  provider: string;
  model: string;
  prompt_version: string;
  content_hash: string;
  status: string;
  attempts: Generated<number>;
  lease_until: string | null;
  lease_token: string | null;
  significance: number | null;
  tier: string | null;
  categories: string | null;
  signposts: string | null;
  summary: string | null;
  rationale: string | null;
  reused_from: number | null;
  error: string | null;
  /** Status `filtered`: the fingerprint of the config `filters` that held the event back. */
  filters_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface LlmCallsTable {
  id: Generated<number>;
  at: string;
  day: string;
  model: string;
  state: string;
  reserved_usd: number;
  cost_usd: Generated<number>;
  input_tokens: number | null;
  cached_tokens: number | null;
  output_tokens: number | null;
  lease_until: string;
  event_id: number | null;
  job_run_id: number | null;
  pid: number;
  host: string;
  settled_at: string | null;
  note: string | null;
  /** Why the endpoint's reported usage was not believed (settled at the worst case). */
  anomaly: string | null;
}

export interface NoticesTable {
  day: string;
  kind: string;
  at: string;
}

export interface LeaderboardEntriesTable {
  source_id: string;
  board: string;
  model: string;
  score: number;
  entry_date: string | null;
  first_seen_at: string;
  updated_at: string;
}

export interface ObservationsTable {
  id: Generated<number>;
  signpost: string;
  value: number;
  /** YYYY-MM-DD (UTC). */
  observed_on: string;
  tier: string;
  event_id: number | null;
  source_id: string;
  model: string | null;
  created_at: string;
}

/** The events behind each stored snapshot's signpost values: cleanup keeps them. */
export interface SnapshotEvidenceTable {
  date: string;
  signpost: string;
  event_id: number;
}

export interface AlertsTable {
  id: Generated<number>;
  /** What it is about: job-failing:fetch, budget-stop:2026-11-20 … */
  key: string;
  severity: string;
  title: string;
  text: string;
  /** JSON object. */
  fields: Generated<string>;
  created_at: string;
  resolved_at: string | null;
  /** JSON: per channel "ok" or the error (never the URL). */
  delivery: string | null;
}

export interface SnapshotsTable {
  date: string;
  preset: string;
  overall: number;
  capability: number;
  safety_margin: number;
  /** The whole snapshot document (JSON). */
  payload: string;
  computed_at: string;
}

export interface DigestsTable {
  week: string;
  payload: string;
  markdown: string;
  computed_at: string;
}

/** One email delivered (a digest to a recipient for a week): never sent twice unless forced. */
export interface EmailSendsTable {
  id: Generated<number>;
  kind: string;
  key: string;
  recipient: string;
  sent_at: string;
}

/** One `analyze eval` run: a (model, prompt version) measured on a gold set. */
export interface EvalRunsTable {
  id: Generated<number>;
  at: string;
  provider: string;
  model: string;
  prompt_version: string;
  gold_name: string;
  gold_sha256: string;
  items: number;
  failed: Generated<number>;
  codes_precision: number | null;
  codes_recall: number | null;
  values_precision: number | null;
  values_recall: number | null;
  tier_agreement: number | null;
  /** JSON: the same scores per part of the gold set. */
  parts: string;
  calls: Generated<number>;
  cost_usd: Generated<number>;
  ms: number;
}

/** A human decision on an event (append-only; the newest of each kind is in force). */
export interface ReviewsTable {
  id: Generated<number>;
  event_id: number;
  /** approve, reject, set or retract. */
  action: string;
  /** `set` only: the signpost code corrected, and its value (null: it bears on it, no value). */
  signpost: string | null;
  value: number | null;
  reason: string | null;
  reviewer: string;
  created_at: string;
}

/** One OpenAI Batch API submission (`analyze --batch`). */
export interface LlmBatchesTable {
  id: Generated<number>;
  /** The provider's batch id. */
  remote_id: string;
  model: string;
  prompt_version: string;
  input_file_id: string;
  output_file_id: string | null;
  error_file_id: string | null;
  /** open (results awaited) or closed. */
  state: string;
  /** The provider's last reported status (validating, in_progress, completed, expired …). */
  remote_status: string;
  requests: number;
  created_at: string;
  checked_at: string | null;
  closed_at: string | null;
  job_run_id: number | null;
  note: string | null;
}

/** One request of a batch: an event's analysis and the ledger reservation that pays for it. */
export interface LlmBatchRequestsTable {
  id: Generated<number>;
  batch_id: number;
  custom_id: string;
  event_id: number;
  analysis_id: number;
  llm_call_id: number;
  max_input_tokens: number;
  max_output_tokens: number;
  /** open, analyzed, invalid or released. */
  state: string;
  error: string | null;
  closed_at: string | null;
}

/**
 * The signpost readings of each event's current analysis (migration 0017), one row each, kept
 * by the writers (src/db/repos/readings-repo.ts): snapshots and digests seek them by index.
 */
export interface SignpostReadingsTable {
  id: Generated<number>;
  event_id: number;
  signpost: string;
  /** Null: linked without a usable number. */
  value: number | null;
  /** 1 when the value is a whole number. */
  whole: number;
  /** A–D (anything else stored in the analysis reads as D). */
  tier: string;
  /** The event's day, YYYY-MM-DD. */
  day: string;
}

export interface DB {
  sources: SourcesTable;
  events: EventsTable;
  tombstones: TombstonesTable;
  job_runs: JobRunsTable;
  source_fetches: SourceFetchesTable;
  locks: LocksTable;
  analyses: AnalysesTable;
  llm_calls: LlmCallsTable;
  notices: NoticesTable;
  leaderboard_entries: LeaderboardEntriesTable;
  observations: ObservationsTable;
  snapshots: SnapshotsTable;
  snapshot_evidence: SnapshotEvidenceTable;
  digests: DigestsTable;
  alerts: AlertsTable;
  email_sends: EmailSendsTable;
  eval_runs: EvalRunsTable;
  reviews: ReviewsTable;
  llm_batches: LlmBatchesTable;
  llm_batch_requests: LlmBatchRequestsTable;
  signpost_readings: SignpostReadingsTable;
}
