import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// `search --source ID` filtered after the full-text match: a common word in a small source walked
// every match of the word, joining each to its event. The event's source joins the full-text index
// here, so the filter is part of the match. The DDL differs by dialect, as in 0013: SQLite's FTS5
// table gets a fourth, unranked column holding the source id as one token ('s' and its UTF-8 bytes
// in hex: no tokenizer splits or stems it, and no word of a feed looks like it), rebuilt with its
// triggers; PostgreSQL's event_search gets a source_id column under its own index, kept by the
// same refresh function. Safe to run again over itself.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await postgres(db);
  else await sqlite(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above.
async function sqlite(db: Kysely<any>): Promise<void> {
  for (const trigger of [
    'events_fts_insert',
    'events_fts_update',
    'events_fts_delete',
    'analyses_fts_insert',
    'analyses_fts_update',
    'analyses_fts_delete',
  ])
    await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
  await sql`drop table if exists events_fts`.execute(db);
  await sql`create virtual table events_fts using fts5(title, summary, analysis, source,
    tokenize = 'porter unicode61', content = '', contentless_delete = 1)`.execute(db);
  const source = (e: string) => `'s' || lower(hex(${e}.source_id))`;
  const rows = `select e.id, e.title, e.summary, coalesce((select group_concat(a.summary, ' ') from analyses a
      where a.event_id = e.id and a.status = 'ok' and a.summary is not null), ''), ${source('e')} from events e`;
  const refresh = (id: string) =>
    `insert or replace into events_fts (rowid, title, summary, analysis, source) ${rows} where e.id = ${id};`;
  await sql
    .raw(
      `create trigger events_fts_insert after insert on events begin
        insert into events_fts (rowid, title, summary, analysis, source)
        values (new.id, new.title, new.summary, '', ${source('new')}); end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger events_fts_update after update of title, summary, source_id on events begin
        ${refresh('new.id')} end`,
    )
    .execute(db);
  await sql
    .raw(
      'create trigger events_fts_delete after delete on events begin delete from events_fts where rowid = old.id; end',
    )
    .execute(db);
  await sql
    .raw(`create trigger analyses_fts_insert after insert on analyses begin ${refresh('new.event_id')} end`)
    .execute(db);
  await sql
    .raw(
      `create trigger analyses_fts_update after update of status, summary, event_id on analyses begin
        ${refresh('old.event_id')} ${refresh('new.event_id')} end`,
    )
    .execute(db);
  await sql
    .raw(`create trigger analyses_fts_delete after delete on analyses begin ${refresh('old.event_id')} end`)
    .execute(db);
  await sql.raw(`insert into events_fts (rowid, title, summary, analysis, source) ${rows}`).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above.
async function postgres(db: Kysely<any>): Promise<void> {
  await sql`alter table event_search add column if not exists source_id text`.execute(db);
  await sql`create index if not exists event_search_source on event_search (source_id)`.execute(db);
  // Title weighs most (A), then the summary (B), then what analyses said of it (C), as in 0013.
  const document = sql.raw(`setweight(to_tsvector('english', e.title), 'A')
      || setweight(to_tsvector('english', e.summary), 'B')
      || setweight(to_tsvector('english', coalesce((select string_agg(a.summary, ' ') from analyses a
           where a.event_id = e.id and a.status = 'ok' and a.summary is not null), '')), 'C')`);
  await sql`create or replace function event_search_refresh(target bigint) returns void language plpgsql as $$
    begin
      delete from event_search where event_id = target;
      insert into event_search (event_id, document, source_id)
        select e.id, ${document}, e.source_id from events e where e.id = target;
    end $$`.execute(db);
  await sql`drop trigger if exists event_search_event on events`.execute(db);
  await sql`create trigger event_search_event after insert or update of title, summary, source_id or delete
    on events for each row execute function event_search_on_event()`.execute(db);
  await sql`update event_search s set source_id = e.source_id from events e
    where e.id = s.event_id and s.source_id is distinct from e.source_id`.execute(db);
}
