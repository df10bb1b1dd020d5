#!/usr/bin/env node
// The only place that calls process.exit: after stdout has drained, so piped output is whole.
import { main } from '../dist/cli/main.js';

const code = await main(process.argv);
if (process.stdout.writableLength > 0) {
  process.stdout.once('drain', () => process.exit(code));
} else {
  process.exit(code);
}
