import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The folder-level import graph of src/ points one way (README, "Architecture"). Every
 * relative import counts — `import type`, `export … from` and `import()` too: a type import
 * across a layer is still a dependency — and so does a data file read from the package root
 * (`readShippedJson('src/llm/pricing.json')`, `packageFile('src/sources/samples', …)`).
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');

/**
 * Top to bottom. A folder imports its own files and any folder in a group below its own:
 * never one above, never a sibling in its group (features meet only in cli/jobs, which
 * compose them). signposts is data plus its validation: config validates user signposts and
 * presets against it, so it sits under config. db sits under sources/http/llm: the budget
 * ledger (llm) and source health (sources) are kept in it. forecasts (the shipped forecast
 * files) is data like signposts: its entries name signpost codes, and config may add forecasts
 * of its own, so it sits between the two.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['cli'],
  ['jobs'],
  ['ingest', 'analysis', 'reports', 'ops'],
  ['sources', 'http', 'llm'],
  ['db'],
  ['config'],
  // Forecast data and its arithmetic (projection, scoring): pure, read by config (the
  // `forecasts` key is checked at load) and by reports (which bring the observations).
  ['forecasts'],
  ['signposts'],
  ['core'],
  // Ambient declarations for untyped packages (*.d.ts): nothing imports them.
  ['types'],
];

/** Migrations are frozen history: they import nothing from src but each other (DESIGN.md). */
const FROZEN = 'db/migrations';

/**
 * Imports that break the rule and cannot go yet, each with its reason. An entry that no
 * longer matches an import fails the test too, so the list only ever shrinks.
 */
const ALLOWED: readonly { from: string; to: string; reason: string }[] = [
  {
    from: 'config/validate-sources.ts',
    to: 'sources/leaderboards/index.ts',
    reason:
      'a config source\'s "adapter" is checked against the registry of leaderboard adapters. ' +
      'The zod rewrite of src/config (refactor/config) owns this body: declare the adapter ids ' +
      'once below config, or check adapters where sources/catalogue resolves the sources.',
  },
];

interface Edge {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** src-relative, with forward slashes: "config/config.ts". */
function srcPath(abs: string): string {
  return relative(SRC, abs).split(sep).join('/');
}

/** The .ts file a specifier such as "../llm/pricing.js" compiles from (or the data file itself). */
function target(fromAbs: string, spec: string): string {
  const abs = resolve(dirname(fromAbs), spec);
  const ts = abs.replace(/\.js$/, '.ts');
  return srcPath(existsSync(ts) ? ts : abs);
}

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((abs) => {
    const text = readFileSync(abs, 'utf8');
    const code = ts
      .preProcessFile(text, true, true)
      .importedFiles.map((f) => f.fileName)
      .filter((s) => s.startsWith('.'))
      .map((spec) => ({ from: srcPath(abs), to: target(abs, spec) }));
    // Data files, named from the package root (core/package-files.ts): 'src/llm/pricing.json'.
    const data = [...text.matchAll(/\b(?:packageFile|readShippedJson(?:<[^>]*>)?)\(\s*[`'"]src\/([^`'"$]+)[`'"]/g)].map(
      (m) => ({
        from: srcPath(abs),
        to: m[1] as string,
      }),
    );
    return [...code, ...data];
  });
}

function folder(path: string): string {
  return path.includes('/') ? (path.split('/')[0] as string) : '';
}

function layerOf(name: string): number {
  return LAYERS.findIndex((group) => group.includes(name));
}

/** Why this import breaks the layering, or null when it keeps it. */
function violation({ from, to }: Edge): string | null {
  if (to.startsWith('../')) return `${from} imports ${to}, outside src/`;
  if (from.startsWith(`${FROZEN}/`) && !to.startsWith(`${FROZEN}/`))
    return `${from} imports ${to}: migrations are frozen and import nothing from src`;
  const a = folder(from);
  const b = folder(to);
  if (a === b) return null;
  const la = layerOf(a);
  const lb = layerOf(b);
  if (la < 0 || lb < 0) return `${from} → ${to}: folder "${la < 0 ? a : b}" is in no layer; place it in LAYERS`;
  if (lb > la) return null;
  return `${from} → ${to}: ${a} may not import ${b} (${lb === la ? 'a sibling in its layer' : 'a layer above it'})`;
}

describe('layering of src/', () => {
  const all = edges();

  it('sees the imports it checks (type-only and dynamic included)', () => {
    expect(all.length).toBeGreaterThan(300);
    expect(all).toContainEqual({ from: 'cli/program.ts', to: 'cli/commands/fetch.ts' }); // import()
    expect(all.some((e) => e.from === 'db/sqlite/open-sqlite.ts' && e.to === 'core/errors.ts')).toBe(true);
    expect(all).toContainEqual({ from: 'llm/pricing.ts', to: 'llm/pricing.json' }); // readShippedJson()
    expect(all).toContainEqual({ from: 'sources/samples.ts', to: 'sources/samples' }); // packageFile()
    expect(all).toContainEqual({ from: 'db/sqlite/migrate-sqlite.ts', to: 'db/migrations/index.ts' }); // import()
    expect(all).toContainEqual({ from: 'db/open-database.ts', to: 'db/database.ts' }); // import type
  });

  it('has no import against the layering, save the allowed ones', () => {
    const allowed = (e: Edge) => ALLOWED.some((x) => x.from === e.from && x.to === e.to);
    const found = all
      .filter((e) => !allowed(e))
      .map(violation)
      .filter((v) => v !== null);
    expect(found, `${found.length} imports against the layering:\n${found.join('\n')}`).toEqual([]);
  });

  it('allows only exceptions that still exist, each with a reason', () => {
    const stale = ALLOWED.filter((x) => !all.some((e) => e.from === x.from && e.to === x.to && violation(e) !== null));
    expect(stale, 'remove these from ALLOWED').toEqual([]);
    expect(ALLOWED.filter((x) => x.reason.trim().length < 20)).toEqual([]);
  });

  it('places every folder of src/ in one layer', () => {
    const folders = [...new Set(sourceFiles(SRC).map((f) => folder(srcPath(f))))];
    expect(folders.filter((f) => layerOf(f) < 0)).toEqual([]);
  });
});
