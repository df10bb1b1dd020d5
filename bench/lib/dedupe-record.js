// The dedupe-check benchmark's record: `events` events inserted straight into a migrated SQLite
// file, spread over two years before `now` (so the last 30 days hold ~1/24 of them), titles
// drawn from six words so near-duplicates abound.
import Sqlite from 'better-sqlite3';

const WORDS = ['models', 'agents', 'compute', 'safety', 'chips', 'policy'];

export function fillDedupeRecord(file, events, now = Date.UTC(2026, 10, 23)) {
  const h = new Sqlite(file);
  h.pragma('journal_mode = WAL');
  const insert = h.prepare(
    `insert into events (source_id, kind, title, url, canonical_url, content_hash, summary, authors,
       published_at, fetched_at)
     values (?, 'post', ?, ?, ?, ?, '', '[]', ?, ?)`,
  );
  h.transaction(() => {
    for (let i = 0; i < events; i++) {
      const at = new Date(now - (i % 730) * 86_400_000 - i).toISOString();
      const url = `https://e.example/${i}`;
      insert.run(`src-${i % 50}`, `Event ${i} about ${WORDS[i % 6]}`, url, url, `h${i}`, at, at);
    }
  })();
  h.close();
}
