import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FOLDERS = ['src', 'test', 'bench', 'bin', 'scripts'];
const MAX = 120;
const CODE = /\.(ts|js|mjs|cjs)$/;

/** Every code file under `dir` (fixtures and samples are data, in other formats). */
function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(path);
    return CODE.test(entry.name) ? [path] : [];
  });
}

// Prettier wraps code at 120 columns but leaves long strings, template literals and comments
// as they are: this keeps those within the same width (break them by hand).
describe('line length', () => {
  it(`keeps every line of code in ${FOLDERS.join(', ')} at most ${MAX} characters`, () => {
    const long: string[] = [];
    for (const file of FOLDERS.flatMap((folder) => codeFiles(join(ROOT, folder))))
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const length = [...line].length;
          if (length > MAX) long.push(`${relative(ROOT, file)}:${i + 1} has ${length}`);
        });
    expect(long).toEqual([]);
  });
});
