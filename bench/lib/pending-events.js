// The analyze benchmarks' record: `events` events and no analyses, inserted straight into a
// migrated SQLite file, one second apart from 2026-11-01, each with a summary worth judging.
import Sqlite from 'better-sqlite3';

export function fillPendingEvents(file, events) {
  const h = new Sqlite(file);
  const insert = h.prepare(
    `insert into events (source_id, kind, title, url, canonical_url, content_hash, summary, authors,
       published_at, fetched_at)
     values ('bench', 'post', ?, ?, ?, ?, ?, '[]', ?, ?)`,
  );
  const summary = 'A lab reports 70% on SWE-bench Verified. '.repeat(5);
  h.transaction(() => {
    for (let i = 0; i < events; i++) {
      const at = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
      const url = `https://e.example/${i}`;
      insert.run(`Event ${i}: a model reaches a new score`, url, url, `h${i}`, summary, at, at);
    }
  })();
  h.close();
}
