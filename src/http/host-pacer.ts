import { setTimeout as delay } from 'node:timers/promises';

/**
 * Spaces requests to one host evenly (requests per minute), across concurrent sources.
 * arXiv's terms ask for one request every 3 s at most, whatever the config says.
 */
export class HostPacer {
  private readonly next = new Map<string, number>();

  constructor(private readonly requestsPerMinute: number) {}

  intervalFor(host: string): number {
    const base = 60_000 / this.requestsPerMinute;
    return host === 'arxiv.org' || host.endsWith('.arxiv.org') ? Math.max(base, 3000) : base;
  }

  async wait(host: string, signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.next.get(host) ?? 0);
    this.next.set(host, slot + this.intervalFor(host));
    if (slot > now) await delay(slot - now, undefined, { signal });
  }
}
