import { Worker } from 'node:worker_threads';
import type { ParsedItems, ParseJob } from './parse-body.js';

// Heap limits per worker, measured with `node bench/run.js` (200 feeds × 500 items): a 32 MB
// young generation cut the fetch's CPU time by ~11% against 16 MB (fewer scavenges of the
// parse's short-lived objects) for ~40 MB more peak RSS (270 MB, under the 300 MB cap); 48 MB
// and more went over the cap. A feed whose parse needs more fails its source, not the run.
const YOUNG_MB = 32;
const OLD_MB = 192;

interface Pending {
  id: number;
  job: ParseJob;
  resolve: (r: ParsedItems) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

/**
 * A small pool of parse workers, started on first use. Jobs queue when all are busy; a
 * worker that dies fails its job (never the run) and is replaced.
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;

  constructor(private readonly size: number) {}

  parse(job: ParseJob): Promise<ParsedItems> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.busy === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift() as Pending;
      slot.busy = pending;
      const body = pending.job.body;
      // Transfer the bytes when they own their buffer; a view into a shared one is copied.
      const transfer =
        body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? [body.buffer as ArrayBuffer] : [];
      slot.worker.postMessage({ id: pending.id, job: pending.job }, transfer);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./parse-worker.js', import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB, maxOldGenerationSizeMb: OLD_MB },
    });
    worker.unref();
    const slot: Slot = { worker, busy: null };
    worker.on('message', (m: { id: number; ok: boolean; result?: ParsedItems; error?: string }) => {
      const pending = slot.busy;
      slot.busy = null;
      if (pending && pending.id === m.id) {
        if (m.ok) pending.resolve(m.result as ParsedItems);
        else pending.reject(new Error(m.error));
      }
      this.dispatch();
    });
    worker.on('error', (err) => this.retire(slot, err));
    worker.on('exit', (code) => this.retire(slot, new Error(`parse worker exited (${code})`)));
    this.slots.push(slot);
    return slot;
  }

  private retire(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    slot.busy?.reject(new Error(`parser crashed: ${err.message}`));
    slot.busy = null;
    this.dispatch();
  }
}
