import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageFile, packageManifest, readShippedJson } from '../../src/core/package-files.js';
import { version } from '../../src/core/version.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// From the TypeScript sources (as here), the flat bundle in dist/ (test/e2e/bundle.test.ts) and
// an installed copy (test/e2e/package.test.ts), shipped files are found from the package root.
describe('shipped files', () => {
  it('are found from the package root, whatever the depth of the module asking', () => {
    expect(packageFile('package.json')).toBe(`${ROOT}package.json`);
    expect(existsSync(packageFile('src/sources/samples', 'ai-news.rss'))).toBe(true);
    expect(readShippedJson<Record<string, unknown>>('src/llm/pricing.json')).toHaveProperty('gpt-4o-mini');
  });

  it('give the version of package.json', () => {
    const manifest = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { name: string; version: string };
    expect(packageManifest().name).toBe('agi-tracker');
    expect(version()).toBe(manifest.version);
  });
});
