import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { expect } from 'vitest';
import { runCli, tempDir, writeConfig } from './cli.js';
import { rss, type TestItem } from './feeds.js';
import { routes, startServer, type TestServer } from './server.js';

/**
 * A database with `n` events of equal length (so every call reserves the same worst case),
 * plus `extra` items dated after them (so they are analysed first). Returns the folder.
 */
export async function eventsDir(
  track: (s: TestServer) => void,
  n: number,
  config: Record<string, unknown> = {},
  extra: Omit<TestItem, 'link'>[] = [],
): Promise<string> {
  const items = [
    ...Array.from({ length: n }, (_, i) => ({
      title: `Lab result number ${String(i).padStart(3, '0')}`,
      link: `https://lab.example/r/${i}`,
      date: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
      description: 'A model reaches a new score on a public benchmark.',
    })),
    ...extra.map((x, i) => ({ date: '2026-11-02T00:00:00Z', ...x, link: `https://lab.example/x/${i}` })),
  ];
  const feeds = await startServer(routes({ '/f': { body: rss(items) } }));
  track(feeds);
  const dir = tempDir();
  writeConfig(dir, {
    sources: [{ id: 'lab', kind: 'feed', url: `${feeds.url}/f`, category: 'lab', tier: 'B' }],
    ...config,
    llm: { retryBaseDelayMs: 10, ...(config.llm as object) },
  });
  const fetched = await runCli(['fetch', '--limit', '1000'], { cwd: dir });
  expect(fetched.code).toBe(0);
  return dir;
}

export interface LedgerRow {
  id: number;
  state: string;
  reserved_usd: number;
  cost_usd: number;
  event_id: number;
  note: string | null;
  anomaly: string | null;
  input_tokens: number | null;
  cached_tokens: number | null;
  output_tokens: number | null;
}

/** The ledger and the openai analyses as stored, and what the ledger counts as spent. */
export function ledger(dir: string) {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  const rows = h.prepare('select * from llm_calls order by id').all() as LedgerRow[];
  const analyses = h.prepare("select * from analyses where provider = 'openai' order by event_id").all() as {
    event_id: number;
    status: string;
    attempts: number;
    summary: string | null;
    signposts: string | null;
    error: string | null;
  }[];
  h.close();
  const spent = rows.reduce(
    (s, r) => s + (r.state === 'settled' ? r.cost_usd : r.state === 'reserved' ? r.reserved_usd : 0),
    0,
  );
  return { rows, analyses, spent };
}

/** Runs SQL against a test's database (to stage what an older version or a person left in it). */
export function execSql(dir: string, sql: string, ...params: unknown[]): void {
  const h = new Sqlite(join(dir, 'agi-tracker.db'));
  h.prepare(sql).run(...params);
  h.close();
}
