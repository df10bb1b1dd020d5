#!/usr/bin/env node
// The only place that calls process.exit: after stdout has drained, so piped output is whole
// (or at once when the reader has gone: a closed pipe never drains).
//
// CommonJS (bin/package.json), like the bundle it loads: an ES module here would start Node's
// ES module loader, which costs every command several ms before any of its code runs.
'use strict';
const { join } = require('node:path');
const { compileCacheDir, requireCached } = require('./compile-cache.js');

const dist = join(__dirname, '..', 'dist');
const cacheDir = compileCacheDir(dist);
// Under --verbose a stack trace names src/ files and lines: the bundle's source maps, loaded
// only then (reading them costs start-up time), and before the bundle so they apply to it.
// Node's own loader then, which reads them (code compiled from the cache has no source map).
const verbose = process.argv.includes('--verbose') || process.argv.includes('-v');
if (verbose) process.setSourceMapsEnabled(true);
const bundle =
  verbose || cacheDir === null
    ? { exports: require('../dist/main.js'), save: () => {} }
    : requireCached(dist, 'main.js', cacheDir);

void bundle.exports.main(process.argv).then((code) => {
  bundle.save();
  if (process.stdout.writableLength > 0 && !process.stdout.destroyed) {
    const exit = () => process.exit(code);
    process.stdout.once('drain', exit);
    process.stdout.once('close', exit);
    process.stdout.once('error', exit);
  } else {
    process.exit(code);
  }
});
