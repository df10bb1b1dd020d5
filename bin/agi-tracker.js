#!/usr/bin/env node
// The only place that calls process.exit: after stdout has drained, so piped output is whole
// (or at once when the reader has gone: a closed pipe never drains).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { compileCacheDir, requireCached } from './compile-cache.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const cacheDir = compileCacheDir(dist);
// Under --verbose a stack trace names src/ files and lines: the bundle's source maps, loaded
// only then (reading them costs start-up time), and before the bundle so they apply to it.
// Node's own loader then, which reads them (code compiled from the cache has no source map).
const verbose = process.argv.includes('--verbose') || process.argv.includes('-v');
if (verbose) process.setSourceMapsEnabled(true);
const bundle =
  verbose || cacheDir === null
    ? { exports: createRequire(import.meta.url)('../dist/main.js'), save: () => {} }
    : requireCached(dist, 'main.js', cacheDir);

const code = await bundle.exports.main(process.argv);
bundle.save();
if (process.stdout.writableLength > 0 && !process.stdout.destroyed) {
  const exit = () => process.exit(code);
  process.stdout.once('drain', exit);
  process.stdout.once('close', exit);
  process.stdout.once('error', exit);
} else {
  process.exit(code);
}
