// The snapshot and digest benchmarks' record: `events` events over two years before `now`, each
// with an `ok` offline-style analysis, one in five carrying a signpost reading (six signposts,
// values rising over time), inserted straight into a migrated SQLite file.
import Sqlite from 'better-sqlite3';

const CODES = [
  ['swe_bench_85', 50, 80],
  ['gpqa_sota', 50, 88],
  ['osworld_65', 15, 70],
  ['agent_100h_task', 1, 60],
  ['compute_1e27', 24, 26.8],
  ['dc_power_10gw', 0.1, 6],
];

/**
 * The k-th reading of a record, a fraction `elapsed` (0 to 1) of the way from its oldest event to
 * its newest: six signposts in turn, each value rising from its low to its high over the record.
 */
export function readingOf(k, elapsed) {
  const [code, lo, hi] = CODES[k % CODES.length];
  return { code, value: Math.round((lo + (hi - lo) * elapsed) * 10) / 10, confidence: 0.7 };
}

/**
 * `run(event, code, value, tier, day)` inserts one signpost_readings row as the analysis store
 * writes it; null where the schema predates the table (an older build's record).
 */
export function readingInsert(h) {
  if (!h.prepare("select 1 from sqlite_master where name = 'signpost_readings'").get()) return null;
  const insert = h.prepare(
    'insert into signpost_readings (event_id, signpost, value, whole, tier, day) values (?, ?, ?, ?, ?, ?)',
  );
  return {
    run: (id, code, value, tier, day) => insert.run(id, code, value, Number.isInteger(value) ? 1 : 0, tier, day),
  };
}

export function fillAnalysedRecord(file, events, now) {
  const h = new Sqlite(file);
  h.pragma('journal_mode = WAL');
  const event = h.prepare(
    `insert into events (source_id, kind, title, url, canonical_url, content_hash, summary, authors,
       published_at, fetched_at)
     values (?, 'post', ?, ?, ?, ?, '', '[]', ?, ?)`,
  );
  const analysis = h.prepare(
    `insert into analyses (event_id, provider, model, prompt_version, content_hash, status, attempts, significance,
       tier, categories, signposts, summary, rationale, created_at, updated_at)
     values (?, 'offline', 'offline-rules-v1', 'v1', ?, 'ok', 1, ?, ?, ?, ?, 's', 'r', ?, ?)`,
  );
  const reading = readingInsert(h);
  const end = Date.parse(now);
  h.transaction(() => {
    for (let i = 0; i < events; i++) {
      const at = new Date(end - (i % 730) * 86_400_000 - i).toISOString();
      const url = `https://e.example/${i}`;
      const id = event.run(`src-${i % 50}`, `Event ${i}`, url, url, `h${i}`, at, at).lastInsertRowid;
      const [code, lo, hi] = CODES[i % CODES.length];
      const links =
        i % 5 === 0
          ? [{ code, value: Math.round((lo + ((hi - lo) * (730 - (i % 730))) / 730) * 10) / 10, confidence: 0.7 }]
          : [];
      const categories = JSON.stringify(['capabilities']);
      analysis.run(id, `h${i}`, (i % 10) + 0.5, 'ABCD'[i % 4], categories, JSON.stringify(links), at, at);
      for (const l of links) reading?.run(id, l.code, l.value, 'ABCD'[i % 4], at.slice(0, 10));
    }
  })();
  h.close();
}
