import Parser from 'rss-parser';
import { errorMessage } from '../core/errors.js';
import { FeedError } from './feed-error.js';

export type CustomItemField = string | [string, string] | [string, string, { keepArray: boolean }];

/**
 * rss-parser behind a guard: a fresh parser per document (a reused one can hang after a
 * bad document), its TypeErrors and rejections turned into FeedError, and a deadline in
 * case its callback never comes.
 */
export async function parseFeedXml(
  xml: string,
  itemFields: CustomItemField[] = [],
): Promise<Parser.Output<Record<string, unknown>>> {
  // defaultRSS: read <rss> without a version attribute as RSS 2.0 instead of refusing it.
  const parser = new Parser<Record<string, unknown>, Record<string, unknown>>({
    customFields: { item: itemFields as never },
    defaultRSS: 2,
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FeedError('XML parser did not finish')), 10_000);
    timer.unref();
  });
  try {
    const feed = await Promise.race([parser.parseString(xml), deadline]);
    if (!feed || !Array.isArray(feed.items)) throw new FeedError('feed has no item list');
    return feed;
  } catch (err) {
    if (err instanceof FeedError) throw err;
    throw new FeedError(`malformed feed: ${firstLine(errorMessage(err))}`);
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(message: string): string {
  const [line = ''] = message.split('\n');
  const where = message.match(/Line: (\d+)/);
  return where ? `${line} (line ${where[1]})` : line;
}
