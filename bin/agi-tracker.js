#!/usr/bin/env node
// The only place that calls process.exit: after stdout has drained, so piped output is whole
// (or at once when the reader has gone: a closed pipe never drains).
import { main } from '../dist/cli/main.js';

const code = await main(process.argv);
if (process.stdout.writableLength > 0 && !process.stdout.destroyed) {
  const exit = () => process.exit(code);
  process.stdout.once('drain', exit);
  process.stdout.once('close', exit);
  process.stdout.once('error', exit);
} else {
  process.exit(code);
}
