import type { NormalizedItem } from '../core/types.js';
import { type InsertResult, insertBatch } from '../db/repos/events-repo.js';
import type { Database } from '../db/open-database.js';

interface Entry {
  sourceId: string;
  items: NormalizedItem[];
  fetchedAt: string;
  resolve: (r: InsertResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Groups the inserts of several sources into few transactions: each source's items still
 * go into exactly one transaction, but one commit covers many sources (a commit rewrites
 * every index page it touched, so fewer commits write far less). Flushes at `maxRows`
 * waiting rows or `maxDelayMs` after the first one, whichever comes first.
 */
export class BatchWriter {
  private pending: Entry[] = [];
  private rows = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly maxRows = 5000,
    private readonly maxDelayMs = 100,
  ) {}

  store(sourceId: string, items: NormalizedItem[], fetchedAt: string): Promise<InsertResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ sourceId, items, fetchedAt, resolve, reject });
      this.rows += items.length;
      if (this.rows >= this.maxRows) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
    });
  }

  /** Starts writing what waits; each waiting store() settles when its transaction does. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.rows = 0;
    if (batch.length > 0) void this.write(batch);
  }

  private async write(batch: Entry[]): Promise<void> {
    try {
      const results = await insertBatch(this.db, batch);
      batch.forEach((entry, i) => {
        const result = results[i];
        if (result) entry.resolve(result);
        else entry.reject(new Error('the batch insert returned no result for a source'));
      });
    } catch (err) {
      for (const entry of batch) entry.reject(err);
    }
  }
}
