// Loads the CommonJS bundle in dist/ keeping V8's compiled code between runs, as Node 22's
// module.enableCompileCache() does (Node 20 has no such switch). Without it every start
// compiles the ~800 KB of chunks a command loads again; with it V8 reads back what it built.
//
// The cache is only ever a shortcut. A file is named after its chunk and that chunk's size and
// modification time, so a rebuilt chunk never meets an old entry; V8 checks the rest (its own
// version and flags, the source's length) and rejects what does not fit, and a rejected or
// missing entry is compiled from source as if there were no cache. Entries are written whole
// (a temporary file, then a rename), only when something was compiled, after the command has
// run (so they hold the functions it used), and any failure to read or write is ignored.
'use strict';
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { join } = require('node:path');
const { Script } = require('node:vm');

/**
 * The folder for this copy of dist/ under this Node, or null when the cache is off:
 * AGI_TRACKER_COMPILE_CACHE=0 (or Node's own NODE_DISABLE_COMPILE_CACHE=1); a path puts it there;
 * unset, it is $XDG_CACHE_HOME/agi-tracker (~/.cache/agi-tracker).
 */
function compileCacheDir(dist, env = process.env) {
  const setting = env.AGI_TRACKER_COMPILE_CACHE;
  if (setting === '0' || env.NODE_DISABLE_COMPILE_CACHE) return null;
  const base = setting || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'agi-tracker');
  return join(base, `${process.version}-${process.arch}-${fnv1a(dist)}`);
}

/** `require(dist/entry)`, through the cache in `cacheDir`; `save()` stores what was compiled. */
function requireCached(dist, entry, cacheDir) {
  const nodeRequire = Module.createRequire(join(dist, entry));
  const compiled = []; // [script, entry file name] of the chunks compiled from source
  const wanted = new Set(); // every entry file name this run looked for

  const load = (file, name) => {
    const loaded = Module._cache[file];
    if (loaded) return loaded.exports;
    const source = readFileSync(file, 'latin1'); // esbuild writes ASCII only
    const { size, mtimeMs } = statSync(file);
    const cacheName = `${name}.${size}.${Math.trunc(mtimeMs)}.v8`;
    wanted.add(cacheName);
    let cachedData;
    try {
      cachedData = readFileSync(join(cacheDir, cacheName));
    } catch {
      // not cached yet
    }
    // The same wrapper Node's CommonJS loader puts around a file.
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
      filename: file,
      cachedData,
    });
    if (cachedData === undefined || script.cachedDataRejected) compiled.push([script, cacheName]);
    const module = new Module(file);
    module.filename = file;
    Module._cache[file] = module; // listed in require.cache, like any module Node loads
    // Chunks require each other as './chunk-x.js' (all flat in dist/), the rest through Node.
    const require = (id) => (id.startsWith('./') ? load(join(dist, id), id.slice(2)) : nodeRequire(id));
    script.runInThisContext()(module.exports, require, module, file, dist);
    module.loaded = true;
    return module.exports;
  };

  const exports = load(join(dist, entry), entry);
  const save = () => {
    if (compiled.length === 0) return;
    try {
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      for (const [script, cacheName] of compiled) {
        const temp = join(cacheDir, `${cacheName}.${process.pid}.tmp`);
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, join(cacheDir, cacheName));
      }
      // Entries of chunks this copy no longer has, or has rebuilt: one build's worth is kept.
      // And what a process killed between write and rename left, once surely abandoned.
      for (const file of readdirSync(cacheDir)) {
        const entry = /^(.+)\.(\d+)\.(\d+)\.v8$/.exec(file);
        const stale = entry
          ? !wanted.has(file) && !current(join(dist, entry[1]), entry[2], entry[3])
          : file.endsWith('.tmp') && Date.now() - statSync(join(cacheDir, file)).mtimeMs > 10 * 60_000;
        if (stale) rmSync(join(cacheDir, file), { force: true });
      }
    } catch {
      // A read-only or full disk: the next run compiles again, nothing worse.
    }
  };
  return { exports, save };
}

function current(file, size, mtime) {
  try {
    const stat = statSync(file);
    return String(stat.size) === size && String(Math.trunc(stat.mtimeMs)) === mtime;
  } catch {
    return false;
  }
}

/** A short, stable name for a path (FNV-1a, 32 bits): one cache folder per installed copy. */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

module.exports = { compileCacheDir, requireCached };
