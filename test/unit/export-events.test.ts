import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import type { ExportRow } from '../../src/db/repos/export-repo.js';
import { exportEvents, exportRecord, withReview } from '../../src/ops/export-events.js';
import { jsonLineFormatter } from '../../src/ops/export-json-line.js';
import { tempDir } from '../helpers/cli.js';

/** A migrated database of `count` events, event i dated i minutes after 2026-01-01 but stored in reverse. */
async function record(count: number): Promise<string> {
  const path = join(tempDir(), 'agi-tracker.db');
  await (await openDatabase(path)).close();
  const h = new Sqlite(path);
  const insert = h.prepare(
    `insert into events (source_id, kind, title, url, canonical_url, content_hash, summary, published_at, fetched_at)
     values ('s', 'post', ?, ?, ?, ?, ?, ?, ?)`,
  );
  h.transaction(() => {
    for (let i = count - 1; i >= 0; i--) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      const url = `https://e.example/${i}`;
      // ~500 characters a row, a control character in every title (plain text at output).
      insert.run(`Event ${i}\u0007`, url, url, `h${i}`, 'x'.repeat(400), at, at);
    }
  })();
  h.close();
  return path;
}

describe('exportEvents', () => {
  it('streams every event, oldest first, in few large writes that split no line', async () => {
    const handle = await openDatabase(await record(5_000));
    const writes: string[] = [];
    try {
      const rows = await exportEvents(handle, { format: 'jsonl', sinceIso: null }, async (text) => {
        writes.push(text);
      });
      expect(rows).toBe(5_000);
    } finally {
      await handle.close();
    }
    // ~3.3 MB in writes of about 1 MB, not one per row.
    expect(writes.length).toBe(4);
    expect(writes.slice(0, -1).every((w) => w.length >= 2 ** 20 && w.length < 2 ** 20 + 1_000)).toBe(true);
    expect(writes.every((w) => w.endsWith('\n'))).toBe(true);
    const lines = writes.join('').trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { title: string }).title)).toEqual(
      Array.from({ length: 5_000 }, (_, i) => `Event ${i}`),
    );
  });

  it('writes the CSV header once, and stops at the first write that fails', async () => {
    const handle = await openDatabase(await record(5_000));
    const writes: string[] = [];
    try {
      await expect(
        exportEvents(handle, { format: 'csv', sinceIso: null }, async (text) => {
          writes.push(text);
          throw new Error('reader gone');
        }),
      ).rejects.toThrow('reader gone');
      // The statement was freed: the connection runs the next query.
      expect(
        await handle.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst(),
      ).toEqual({
        n: 5_000,
      });
    } finally {
      await handle.close();
    }
    expect(writes).toHaveLength(1);
    expect(writes[0]?.startsWith('id,source,kind,title,')).toBe(true);
    expect(writes[0]?.match(/^id,source/gm)).toHaveLength(1);
  });
});

describe('jsonLineFormatter', () => {
  const base: ExportRow = {
    id: 7,
    source_id: 'lab\u0007',
    kind: 'post',
    title: 'A "quoted" title \u202e with a bidi override\nand a newline',
    url: 'https://e.example/7',
    canonical_url: 'https://e.example/7',
    content_hash: 'h7',
    summary: 'tab\there, escape \u001b[31m, C1 \u0085, emoji 🚀',
    authors: '["Ada \\u0007Lovelace","Alan Turing"]',
    external_id: null,
    primary_category: 'cs.AI',
    pdf_url: null,
    published_at: null,
    fetched_at: '2026-11-01T00:00:00Z',
    a_provider: 'openai',
    a_model: 'gpt-4o-mini',
    a_significance: 7.5,
    a_tier: 'B',
    a_categories: '["capabilities","agents"]',
    a_signposts: '[{"code":"swe_bench_85","value":72.5,"confidence":0.8,"note":"x\\u0007"}]',
    a_summary: 'Summary\u0000.',
    a_rationale: null,
  };
  const rows: ExportRow[] = [
    base,
    { ...base, id: 8, authors: '[]', a_categories: '[]', a_signposts: '[]', a_significance: null },
    { ...base, id: 9, a_provider: null, a_model: null, a_significance: null, a_tier: null, a_categories: null },
    { ...base, id: 10, authors: '', a_provider: '', a_signposts: null },
  ];

  it.each(rows.map((r) => [r.id, r] as const))('writes row %s exactly as JSON.stringify(exportRecord(row))', (_, r) => {
    const line = jsonLineFormatter();
    // The line built from the row, with the review decision (none here) as its last key.
    expect(withReview(line(r), undefined)).toBe(JSON.stringify(exportRecord(r)));
    expect(withReview(line(r), undefined)).toBe(JSON.stringify(exportRecord(r))); // again, from its cache
  });
});
