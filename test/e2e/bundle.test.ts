import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collect, runCli, spawnCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { startServer } from '../helpers/server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The build is what keeps start-up fast (bench/README.md, "cold start"): one bundle split per
 * command. What each command loads is checked here, by module, not by timing: a command that
 * starts loading a package from node_modules file by file, or a chunk it never needs (the
 * database layer for --version, got or the openai SDK for budget), fails here.
 */

/**
 * Module hooks that print every ES module file loaded, marked, on the process's stderr, and at
 * exit every CommonJS file (require.cache: the dist/ chunks, which bin/compile-cache.js lists
 * there, and better-sqlite3).
 */
function loadRecorder(dir: string): string {
  const hooks = join(dir, 'record-hooks.mjs');
  writeFileSync(
    hooks,
    `export async function load(url, context, next) {
  if (url.startsWith('file:')) process.stderr.write('LOADED ' + url + '\\n');
  return next(url, context);
}\n`,
  );
  const register = join(dir, 'record-loads.mjs');
  writeFileSync(
    register,
    `import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
register(${JSON.stringify(pathToFileURL(hooks).href)});
process.on('exit', () => {
  for (const file of Object.keys(createRequire(import.meta.url).cache))
    process.stderr.write('LOADED ' + pathToFileURL(file).href + '\\n');
  process.stderr.write('SOURCEMAPS ' + process.sourceMapsEnabled + '\\n');
});\n`,
  );
  return register;
}

interface Loads {
  code: number | null;
  /** Files loaded, relative to the checkout: "dist/main.js", "node_modules/better-sqlite3/lib/index.js". */
  files: string[];
  /** Packages bundled into the dist/ chunks that were loaded (from their source maps). */
  bundled: Set<string>;
  /** Their files: "zod/v4/mini/schemas.js". */
  bundledFiles: Set<string>;
  /** src/ modules in those chunks. */
  sources: Set<string>;
  sourceMaps: boolean;
  stderr: string;
}

async function loads(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Loads> {
  const child = spawnCli(args, {
    cwd,
    env: { ...env, NODE_OPTIONS: `--import=${pathToFileURL(loadRecorder(cwd)).href}` },
  });
  const res = await collect(child);
  const files = [...res.stderr.matchAll(/^LOADED (\S+)$/gm)].map((m) =>
    relative(ROOT, fileURLToPath(m[1] as string))
      .split(sep)
      .join('/'),
  );
  const bundled = new Set<string>();
  const bundledFiles = new Set<string>();
  const sources = new Set<string>();
  for (const file of files.filter((f) => f.startsWith('dist/'))) {
    const map = JSON.parse(readFileSync(join(ROOT, `${file}.map`), 'utf8')) as { sources: string[] };
    for (const s of map.sources) {
      const pkg = s.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1];
      if (pkg) {
        bundled.add(pkg);
        bundledFiles.add(s.slice(s.indexOf('node_modules/') + 'node_modules/'.length));
      } else if (s.startsWith('../src/')) sources.add(s.slice('../src/'.length));
    }
  }
  return {
    code: res.code,
    files,
    bundled,
    bundledFiles,
    sources,
    sourceMaps: /^SOURCEMAPS true$/m.test(res.stderr),
    stderr: res.stderr,
  };
}

/**
 * better-sqlite3's compiled addon: the one file a command loads from node_modules. Its
 * JavaScript is bundled (a dozen files less to resolve and compile), and `bindings`, which
 * would search for the addon, is never loaded.
 */
const ADDON = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';

const fromNodeModules = (l: Loads) => [
  ...new Set(l.files.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/')[1] as string)),
];

describe('the bundled build', () => {
  it('--version loads the CLI skeleton only: no config, database or network layer, no node_modules', async () => {
    const dir = tempDir();
    const l = await loads(['--version'], dir);
    expect(l.code).toBe(0);
    expect(l.files[0]).toBe('bin/agi-tracker.js');
    expect(l.files).toContain('dist/main.js');
    expect(fromNodeModules(l)).toEqual([]);
    expect(l.bundled.has('commander')).toBe(true);
    for (const pkg of ['zod', 'kysely', 'got', 'openai', 'rss-parser']) expect(l.bundled.has(pkg), pkg).toBe(false);
    expect([...l.sources].filter((s) => /^(config|db|http|jobs|cli\/commands)\//.test(s))).toEqual([]);
    expect(l.sourceMaps).toBe(false);
  });

  it('budget, status and events list: zod, Kysely, better-sqlite3 bundled, its addon, no other command', async () => {
    const dir = tempDir();
    expect((await runCli(['fetch', '--offline'], { cwd: dir })).code).toBe(0);
    for (const [args, command] of [
      [['budget'], 'cli/commands/budget.ts'],
      [['status'], 'cli/commands/status.ts'],
      [['events', 'list', '--limit', '1'], 'cli/commands/events.ts'],
    ] as const) {
      const l = await loads([...args], dir);
      // status exits 1 when it finds a problem (nothing analysed yet, jobs never run).
      expect(l.code === 0 || (command === 'cli/commands/status.ts' && l.code === 1), l.stderr).toBe(true);
      expect(
        l.files.filter((f) => f.startsWith('node_modules/')),
        `${args.join(' ')} loads from node_modules`,
      ).toEqual([ADDON]);
      for (const pkg of ['zod', 'kysely', 'better-sqlite3'])
        expect(l.bundled.has(pkg), `${args.join(' ')} bundles ${pkg}`).toBe(true);
      for (const pkg of ['got', 'openai', 'rss-parser', 'htmlparser2', 'undici'])
        expect(l.bundled.has(pkg), `${args.join(' ')} loads ${pkg}`).toBe(false);
      expect([...l.sources].filter((s) => s.startsWith('cli/commands/'))).toEqual([command]);
      // zod/mini: classic zod (its schemas carry every method, built anew per schema) and its
      // locales cost tens of ms at every start.
      const zod = [...l.bundledFiles].filter((f) => f.startsWith('zod/'));
      expect(zod.filter((f) => !/^zod\/v4\/(core|mini)\//.test(f))).toEqual([]);
    }
  });

  it('fetch parses in worker threads started from the flat bundle (dist/parse-worker.js)', async () => {
    const feeds = await startServer((req, res) => {
      res.end(rss([{ title: `Item of ${req.url}`, link: `https://a.example${req.url}` }]));
    });
    try {
      const dir = tempDir();
      const source = (id: string) => ({ id, kind: 'feed', url: `${feeds.url}/${id}`, category: 'lab', tier: 'B' });
      writeConfig(dir, { sources: [source('a'), source('b'), source('c')] });
      const l = await loads(['fetch', '--json'], dir);
      expect(l.code, l.stderr).toBe(0);
      // Three sources over HTTP: bodies go to the parse pool's workers; had a worker failed to
      // start (dist/parse-worker.js not beside the chunk that starts it), every source would fail.
      expect(l.sources.has('ingest/parse-pool.ts')).toBe(true);
    } finally {
      await feeds.close();
    }
  });

  it('turns the source maps on under --verbose only, so a stack trace there names src/ lines', async () => {
    const dir = tempDir();
    expect((await loads(['--verbose', 'config', 'check'], dir)).sourceMaps).toBe(true);
    expect((await loads(['config', 'check'], dir)).sourceMaps).toBe(false);
  });
});
