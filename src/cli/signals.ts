/**
 * The first SIGINT/SIGTERM aborts the returned signal (its reason is the signal name), so
 * jobs stop starting work, finish the transaction in flight and record `interrupted`.
 * A second one gets Node's default behaviour: the process ends at once.
 */
export function trapSignals(): AbortSignal {
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => controller.abort(name));
  }
  return controller.signal;
}
