// `npm run build`: bundle src/ into dist/ with esbuild. No type-checking here: that is
// `npm run typecheck` (tsc --noEmit), which `npm test` runs first.
//
// Why a bundle: every command loads Kysely and zod, and resolving, reading and compiling
// hundreds of small module files cost more than Node's own start-up. One ES module bundle,
// split per command: main.js holds the CLI skeleton (commander and the command tree); each
// `await import('./commands/x.js')` becomes a chunk loaded only when that command runs, so
// `--version` loads no database layer and `budget` no got or openai SDK. Every output sits flat
// in dist/, so `new URL('./parse-worker.js', import.meta.url)` finds the worker from any chunk.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Left to Node's resolver. better-sqlite3 loads its native module through `bindings`, which
 * looks for it relative to its own package folder. undici (CommonJS) is imported dynamically,
 * only when a proxy is configured: as a split chunk it would export only `default`, where
 * Node's own loader gives its named exports (test/e2e/proxy.test.ts).
 */
const EXTERNAL = ['better-sqlite3', 'undici'];

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

/**
 * better-sqlite3 through require(), not import: Node then loads it as the CommonJS it is,
 * without scanning its files for named exports to build an ES facade (a few ms at each start).
 */
const requireNative = {
  name: 'require-native',
  setup(b) {
    b.onResolve({ filter: /^better-sqlite3$/ }, (args) =>
      args.namespace === 'require-native'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'require-native' },
    );
    b.onLoad({ filter: /.*/, namespace: 'require-native' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', 'parse-worker': 'src/ingest/parse-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  plugins: [processGlobal, requireNative],
  chunkNames: '[name]-[hash]',
  // Maps for `--verbose` stack traces (bin/agi-tracker.js turns them on then). Positions only:
  // the sources are in the package (src/) or not needed (node_modules), so the maps stay small.
  sourcemap: 'linked',
  sourcesContent: false,
  // Bundled CommonJS packages (rss-parser, iconv-lite, cli-table3 …) require() Node's
  // built-ins, which an ES module can only do through a require of its own.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // Less for Node to read and compile at every start; names are kept so that a `--verbose`
  // stack trace stays readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
