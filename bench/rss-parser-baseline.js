// The single-core reference: rss-parser alone parsing the same bytes in one process.
// Usage: node rss-parser-baseline.js <dir-of-feeds>  → prints {"ms", "items"} as JSON.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Parser from 'rss-parser';

const dir = process.argv[2];
const bodies = readdirSync(dir)
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'));
const started = process.hrtime.bigint();
let items = 0;
for (const body of bodies) {
  const feed = await new Parser().parseString(body);
  items += feed.items.length;
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ ms, items })}\n`);
