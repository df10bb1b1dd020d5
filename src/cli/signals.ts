import { setMaxListeners } from 'node:events';

/**
 * The first SIGINT/SIGTERM aborts the returned signal (its reason is the signal name), so
 * jobs stop starting work, finish the transaction in flight and record `interrupted`.
 * A second one gets Node's default behaviour: the process ends at once.
 */
export function trapSignals(): AbortSignal {
  const controller = new AbortController();
  // Every in-flight request and pacing wait listens to it: hundreds at once are expected.
  setMaxListeners(0, controller.signal);
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => controller.abort(name));
  }
  return controller.signal;
}
