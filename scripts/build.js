// `npm run build`: bundle src/ into dist/ with esbuild. No type-checking here: that is
// `npm run typecheck` (tsc --noEmit), which `npm test` runs first.
//
// Why a bundle: every command loads Kysely and zod, and resolving, reading and compiling
// hundreds of small module files cost more than Node's own start-up. One bundle, split per
// command: main.js holds the CLI skeleton (commander and the command tree); each
// `await import('./commands/x.js')` becomes a chunk loaded only when that command runs, so
// `--version` loads no database layer and `budget` no got or openai SDK. Every output sits flat
// in dist/, so `new URL('./parse-worker.js', import.meta.url)` finds the worker from any chunk.
//
// Two passes. esbuild splits only ES modules, so the first pass bundles and splits as ES
// modules (into a temporary folder); the second turns each chunk into CommonJS, one file for
// one file, source maps carried through. CommonJS because Node 20 can keep V8's compiled code
// of a CommonJS file between runs (bin/compile-cache.js), not of an ES module: with the cache
// a command starts without compiling its ~800 KB of chunks again.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Left to Node's resolver. better-sqlite3's JavaScript is bundled, its compiled addon is not:
 * src/db/sqlite/sqlite-addon.ts names the addon's file, so `bindings` (which searches for it
 * beside its caller, wrong from inside a bundle) is never called. undici (CommonJS) is imported
 * dynamically, only when a proxy is configured: as a split chunk it would export only
 * `default`, where Node's own loader gives its named exports (test/e2e/proxy.test.ts).
 */
const EXTERNAL = ['bindings', 'undici'];

/**
 * `import process from 'node:process'` (chalk's supports-color, got) makes Node build that
 * module's ES facade, which reads every property of process, allowedNodeEnvironmentFlags
 * among them: ~15 ms at every start. The global is the same object; it is given as CommonJS
 * so that both `import process from` and a bundled `require('process')` get it whole.
 */
const processGlobal = {
  name: 'process-global',
  setup(b) {
    b.onResolve({ filter: /^(node:)?process$/ }, (args) => ({ path: args.path, namespace: 'process-global' }));
    b.onLoad({ filter: /.*/, namespace: 'process-global' }, () => ({
      contents: 'module.exports = globalThis.process;',
      loader: 'js',
    }));
  },
};

const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
// Inside the checkout, so that the source maps' paths come out relative to dist/ as ../src/….
const esm = mkdtempSync(join(root, '.build-esm-'));
try {
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'src/cli/main.ts', 'parse-worker': 'src/ingest/parse-worker.ts' },
    outdir: esm,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    plugins: [processGlobal],
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
  await build({
    absWorkingDir: root,
    entryPoints: readdirSync(esm)
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(esm, f)),
    outdir: dist,
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // `import('./commands/x.js')` becomes a lazy require(): the chunk stays unloaded until the
    // command runs, and is loaded through the same (cached) loader as the rest.
    supported: { 'dynamic-import': false },
    // CommonJS has no import.meta: the chunk's own file URL, from its __filename. The banner
    // comes first in the file, so it carries the "use strict" that keeps the code as strict as
    // the ES module it was (esbuild's own, after it, would be no directive).
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: '"use strict";var __importMetaUrl=require("node:url").pathToFileURL(__filename).href;' },
    // Maps for `--verbose` stack traces (bin/agi-tracker.js turns them on then), composed with
    // the first pass's, so they point into src/. Positions only: the sources are in the package
    // (src/) or not needed (node_modules), so the maps stay small.
    sourcemap: 'linked',
    sourcesContent: false,
    // Less for Node to read and compile at every start; names are kept so that a `--verbose`
    // stack trace stays readable.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  // The package is "type": "module"; dist/ holds CommonJS (Node's own loader reads it so under
  // --verbose, and in the parse workers).
  writeFileSync(join(dist, 'package.json'), '{ "type": "commonjs" }\n');
} finally {
  rmSync(esm, { recursive: true, force: true });
}
