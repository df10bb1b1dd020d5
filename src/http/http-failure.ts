/** A fetch that did not produce a body. `retryAt` asks the caller not to try before then. */
export class HttpFailure extends Error {
  readonly retryAt: Date | null;
  readonly gone: boolean;

  constructor(message: string, options: { retryAt?: Date | null; gone?: boolean } = {}) {
    super(message);
    this.name = 'HttpFailure';
    this.retryAt = options.retryAt ?? null;
    this.gone = options.gone ?? false;
  }
}
