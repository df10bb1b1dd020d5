/** A body that is not a usable feed: the source fails with this message, nothing crashes. */
export class FeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedError';
  }
}
