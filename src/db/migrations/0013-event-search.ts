import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// A full-text index over each event's title, summary and the summaries of its analyses, kept
// in sync by triggers (every writer, this version's or a later one's, keeps it true) and built
// here for the events already stored. The DDL must differ by dialect: SQLite's full text is the
// FTS5 virtual table, PostgreSQL's a tsvector column under a GIN index; neither has the other.
// Safe to run again over itself (a database set back to an earlier schema version by hand):
// every statement creates only what is missing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await postgres(db);
  else await sqlite(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above.
async function sqlite(db: Kysely<any>): Promise<void> {
  // Contentless (the text stays in events and analyses only: no second copy of every summary);
  // contentless_delete lets the triggers replace and delete rows. Porter stems English words,
  // so "models" finds "model".
  await sql`create virtual table if not exists events_fts using fts5(title, summary, analysis,
    tokenize = 'porter unicode61', content = '', contentless_delete = 1)`.execute(db);
  // An event's row: its texts and its ok analyses' summaries.
  const rows = `select e.id, e.title, e.summary, coalesce((select group_concat(a.summary, ' ') from analyses a
      where a.event_id = e.id and a.status = 'ok' and a.summary is not null), '') from events e`;
  const refresh = (id: string) =>
    `insert or replace into events_fts (rowid, title, summary, analysis) ${rows} where e.id = ${id};`;
  await sql
    .raw(
      `create trigger if not exists events_fts_insert after insert on events begin
        insert into events_fts (rowid, title, summary, analysis) values (new.id, new.title, new.summary, ''); end`,
    )
    .execute(db);
  await sql
    .raw(
      'create trigger if not exists events_fts_update after update of title, summary on events ' +
        `begin ${refresh('new.id')} end`,
    )
    .execute(db);
  await sql
    .raw(
      'create trigger if not exists events_fts_delete after delete on events ' +
        'begin delete from events_fts where rowid = old.id; end',
    )
    .execute(db);
  await sql
    .raw(
      `create trigger if not exists analyses_fts_insert after insert on analyses begin ${refresh('new.event_id')} end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger if not exists analyses_fts_update after update of status, summary, event_id on analyses begin
        ${refresh('old.event_id')} ${refresh('new.event_id')} end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger if not exists analyses_fts_delete after delete on analyses begin ${refresh('old.event_id')} end`,
    )
    .execute(db);
  await sql.raw(`insert or replace into events_fts (rowid, title, summary, analysis) ${rows}`).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above.
async function postgres(db: Kysely<any>): Promise<void> {
  await sql`create table if not exists event_search (event_id bigint primary key, document tsvector not null)`.execute(
    db,
  );
  await sql`create index if not exists event_search_document on event_search using gin (document)`.execute(db);
  // Title weighs most (A), then the summary (B), then what analyses said of it (C).
  const document = sql.raw(`setweight(to_tsvector('english', e.title), 'A')
      || setweight(to_tsvector('english', e.summary), 'B')
      || setweight(to_tsvector('english', coalesce((select string_agg(a.summary, ' ') from analyses a
           where a.event_id = e.id and a.status = 'ok' and a.summary is not null), '')), 'C')`);
  await sql`create or replace function event_search_refresh(target bigint) returns void language plpgsql as $$
    begin
      delete from event_search where event_id = target;
      insert into event_search (event_id, document) select e.id, ${document} from events e where e.id = target;
    end $$`.execute(db);
  await sql`create or replace function event_search_on_event() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then delete from event_search where event_id = old.id;
      else perform event_search_refresh(new.id);
      end if;
      return null;
    end $$`.execute(db);
  await sql`create or replace function event_search_on_analysis() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then perform event_search_refresh(old.event_id); end if;
      if tg_op <> 'DELETE' then perform event_search_refresh(new.event_id); end if;
      return null;
    end $$`.execute(db);
  await sql`drop trigger if exists event_search_event on events`.execute(db);
  await sql`create trigger event_search_event after insert or update of title, summary or delete on events
    for each row execute function event_search_on_event()`.execute(db);
  await sql`drop trigger if exists event_search_analysis on analyses`.execute(db);
  await sql`create trigger event_search_analysis after insert or update of status, summary, event_id or delete
    on analyses for each row execute function event_search_on_analysis()`.execute(db);
  await sql`insert into event_search (event_id, document) select e.id, ${document} from events e
    on conflict (event_id) do update set document = excluded.document`.execute(db);
}
