// The scale benchmarks' record: N events inserted directly (through better-sqlite3, into a
// database the CLI created and migrated), spread evenly over two years and 50 sources in the
// order a fetcher stores them (ids rise with time), each with a short summary and every other
// one with an offline analysis (one analysis in five carrying a signpost reading, values rising
// over time, as bench/lib/analysed-record.js's), with real-looking titles and labelled
// near-duplicate pairs planted in the last 30 days.
import Sqlite from 'better-sqlite3';
import { readingInsert, readingOf } from './analysed-record.js';
import { labelledPairs, titleMaker } from './titles.js';

const DAY_MS = 86_400_000;
const DAYS = 730;
const SOURCES = 50;
/** Planted pairs stay inside the 30-day window dedupe-check reads, clear of its edge. */
const WINDOW_DAYS = 29;

/**
 * Fills `path` (already migrated) with `events` events, the newest at `now`, the oldest two
 * years before. Returns the ids of the planted pairs (`near` must be grouped by
 * dedupe-check, `apart` must not) and the size of the 30-day window.
 */
export function buildRecord(path, { events, now, pairs }) {
  const h = new Sqlite(path);
  // Building only: no journal, no sync (a failed build is thrown away); WAL again after, as the
  // CLI leaves it.
  h.pragma('journal_mode = OFF');
  h.pragma('synchronous = OFF');
  const event = h.prepare(
    `insert into events (id, source_id, kind, title, url, canonical_url, content_hash, summary, authors,
       published_at, fetched_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?)`,
  );
  const analysis = h.prepare(
    `insert into analyses (event_id, provider, model, prompt_version, content_hash, status, attempts,
       significance, tier, categories, signposts, summary, rationale, created_at, updated_at)
     values (?, 'offline', 'offline-rules-v1', 'v1', ?, 'ok', 1,
       ?, ?, '["capabilities"]', ?, ?, 'keyword rules', ?, ?)`,
  );
  // The readings table the analysis store keeps (migration 0017), where this schema has it.
  const reading = readingInsert(h);
  const { near, apart } = labelledPairs(pairs, 7);
  const labelled = [...near, ...apart];
  // Pair k: two neighbouring events (so two sources), the pairs spread evenly over the window.
  const window = Math.floor((events * WINDOW_DAYS) / DAYS);
  if (window < 2 * labelled.length + 2) throw new Error(`${events} events leave no room for ${pairs} pairs`);
  const slots = labelled.map((_, k) => {
    const a = events - window + Math.floor(((k + 0.5) * (window - 2)) / labelled.length);
    return [a, a + 1];
  });
  const planted = new Map();
  slots.forEach(([a, b], k) => {
    planted.set(a, labelled[k][0]);
    planted.set(b, labelled[k][1]);
  });

  const title = titleMaker(11);
  const end = Date.parse(now);
  const step = (DAYS * DAY_MS) / events;
  h.transaction(() => {
    for (let i = 0; i < events; i++) {
      const id = i + 1;
      const at = new Date(end - Math.round((events - 1 - i) * step)).toISOString();
      const t = planted.get(i) ?? title();
      const hash = `h${id}`;
      const summary = `${t}. A short plain-text summary of event ${id}, as the feed gave it.`;
      const url = `https://e.example/${id}`;
      const kind = i % 3 ? 'post' : 'paper';
      event.run(id, `src-${i % SOURCES}`, kind, t, url, url, hash, summary, at, at);
      if (i % 2 === 0) {
        // Every tenth event's analysis reads a signpost: snapshot and digest have readings to rank.
        const links = i % 10 === 0 ? [readingOf(i / 10, i / events)] : [];
        const tier = 'ABCD'[(i / 2) % 4];
        analysis.run(id, hash, (i % 10) + 0.5, tier, JSON.stringify(links), `Offline summary ${id}`, at, at);
        for (const l of links) reading?.run(id, l.code, l.value, tier, at.slice(0, 10));
      }
    }
  })();
  h.pragma('journal_mode = WAL');
  h.close();
  const ids = (from, to) => slots.slice(from, to).map((pair) => pair.map((i) => i + 1));
  return {
    near: ids(0, near.length),
    apart: ids(near.length, labelled.length),
    windowEvents: Math.floor((events * 30) / DAYS),
  };
}

/** How many planted pairs dedupe-check's JSON report groups: `[found, of]`. */
export function pairsGrouped(report, pairs) {
  const group = new Map();
  report.near.forEach((g, k) => g.events.forEach((e) => group.set(e.id, k)));
  const found = pairs.filter(([a, b]) => group.has(a) && group.get(a) === group.get(b)).length;
  return [found, pairs.length];
}
