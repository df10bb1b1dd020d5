import type { Database } from '../open-database.js';

export interface ExportRow {
  id: number;
  source_id: string;
  kind: string;
  title: string;
  url: string;
  canonical_url: string;
  content_hash: string;
  summary: string;
  authors: string;
  external_id: string | null;
  published_at: string | null;
  fetched_at: string;
  a_provider: string | null;
  a_model: string | null;
  a_significance: number | null;
  a_tier: string | null;
  a_categories: string | null;
  a_signposts: string | null;
  a_summary: string | null;
  a_rationale: string | null;
}

/**
 * Events (oldest first) with their current analysis: the newest `ok` one, an LLM's before
 * the offline analyser's. Iterated row by row, so an export of millions never sits in memory.
 */
export function iterateExport(handle: Database, sinceIso: string | null): IterableIterator<ExportRow> {
  return handle
    .prepare(
      `select e.id, e.source_id, e.kind, e.title, e.url, e.canonical_url, e.content_hash, e.summary, e.authors,
              e.external_id, e.published_at, e.fetched_at,
              a.provider as a_provider, a.model as a_model, a.significance as a_significance, a.tier as a_tier,
              a.categories as a_categories, a.signposts as a_signposts, a.summary as a_summary, a.rationale as a_rationale
       from events e
       left join analyses a on a.id = (
         select id from analyses where event_id = e.id and status = 'ok'
         order by (provider = 'offline'), updated_at desc, id desc limit 1)
       where (@since is null or coalesce(e.published_at, e.fetched_at) >= @since)
       order by coalesce(e.published_at, e.fetched_at), e.id`,
    )
    .iterate({ since: sinceIso }) as IterableIterator<ExportRow>;
}
