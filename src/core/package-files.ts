import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Files shipped beside the code (src/**\/*.json, the sample feeds, package.json), found from
 * the package root. The code runs from src/ (tests), from dist/ (a flat bundle: one level
 * down) and from an installed copy under node_modules, so a path relative to the module's
 * own file would break in one of them; the root is where a package.json names agi-tracker.
 */
const NAME = 'agi-tracker';

interface PackageJson {
  name?: string;
  version: string;
}

let found: { root: string; manifest: PackageJson } | undefined;

function packageRoot(): { root: string; manifest: PackageJson } {
  if (found) return found;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = readManifest(join(dir, 'package.json'));
    if (manifest?.name === NAME) return (found = { root: dir, manifest });
    if (dirname(dir) === dir) throw new Error(`no package.json naming ${NAME} above ${start}`);
  }
}

function readManifest(path: string): PackageJson | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
  } catch {
    return null; // none here (or not JSON): look one level up
  }
}

/** The absolute path of a shipped file, given from the package root: ('src/llm', 'pricing.json'). */
export function packageFile(...segments: string[]): string {
  return join(packageRoot().root, ...segments);
}

/** A shipped JSON file, parsed. */
export function readShippedJson<T>(...segments: string[]): T {
  return JSON.parse(readFileSync(packageFile(...segments), 'utf8')) as T;
}

/** The package's own package.json, read once on the way to the root. */
export function packageManifest(): PackageJson {
  return packageRoot().manifest;
}
