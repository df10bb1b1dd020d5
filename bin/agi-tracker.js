#!/usr/bin/env node
// The only place that calls process.exit: after stdout has drained, so piped output is whole
// (or at once when the reader has gone: a closed pipe never drains).

// Under --verbose a stack trace names src/ files and lines: the bundle's source maps, loaded
// only then (reading them costs start-up time), and before the bundle so they apply to it.
if (process.argv.includes('--verbose') || process.argv.includes('-v')) process.setSourceMapsEnabled(true);

const { main } = await import('../dist/main.js');
const code = await main(process.argv);
if (process.stdout.writableLength > 0 && !process.stdout.destroyed) {
  const exit = () => process.exit(code);
  process.stdout.once('drain', exit);
  process.stdout.once('close', exit);
  process.stdout.once('error', exit);
} else {
  process.exit(code);
}
