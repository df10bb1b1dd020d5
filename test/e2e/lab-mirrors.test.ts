import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const AI_LABS = join(process.cwd(), '..', 'shared', 'corpus', 'ai-labs');
const MIRRORS = ['anthropic-news', 'anthropic-research', 'anthropic-engineering', 'meta-ai', 'mistral-news'];

interface Listed {
  id: string;
  kind: string;
  url: string;
  tier: string;
  category: string;
  enabled: boolean;
  note?: string;
}

describe('labs without a feed of their own', () => {
  it('are in the built-in catalogue as tier-B unofficial mirrors', async () => {
    const res = await runCli(['sources', 'list', '--json'], { cwd: tempDir() });
    expect(res.code, res.stderr).toBe(0);
    const listed = (JSON.parse(res.stdout) as Listed[]).filter((s) => MIRRORS.includes(s.id));
    expect(listed.map((s) => s.id)).toEqual(MIRRORS);
    for (const s of listed) {
      expect(s).toMatchObject({ kind: 'feed', tier: 'B', category: 'lab', enabled: true });
      expect(s.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/Olshansk\/rss-feeds\/main\/feeds\/feed_\w+\.xml$/);
      expect(s.note).toMatch(
        /^unofficial mirror: (Anthropic|Meta AI|Mistral AI) has no feed; Olshansk\/rss-feeds scrapes /,
      );
    }
  });

  it.skipIf(!existsSync(AI_LABS))('are read from the real mirror files of the corpus', async () => {
    const dir = tempDir();
    const list = JSON.parse((await runCli(['sources', 'list', '--json'], { cwd: dir })).stdout) as Listed[];
    const mirrors = list.filter((s) => MIRRORS.includes(s.id));
    // The catalogue's own file names, served from the corpus copies (olshansk_<file>).
    server = await startServer((req, res) => {
      const file = join(AI_LABS, `olshansk_${(req.url ?? '').split('/').pop()}`);
      res.setHeader('content-type', 'application/rss+xml');
      if (!existsSync(file)) res.statusCode = 404;
      res.end(existsSync(file) ? readFileSync(file) : 'not found');
    });
    const url = server.url;
    writeConfig(dir, {
      sources: mirrors.map(({ id, kind, tier, category, url: real }) => ({
        id,
        kind,
        tier,
        category,
        url: `${url}/${real.split('/').pop()}`,
      })),
    });
    const res = await runCli(['fetch', '--json'], { cwd: dir });
    expect(res.code, res.stderr).toBe(0);
    for (const s of JSON.parse(res.stdout).sources) expect(s.new, s.id).toBeGreaterThan(0);
  });
});
