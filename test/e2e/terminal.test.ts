import { spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, collect, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { routes, startServer, type TestServer } from '../helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

// util-linux `script` gives the CLI a real pseudo-terminal, so the progress note is drawn.
const ERASE = '\r\u001b[K';
const hasScript = spawnSync('script', ['--version']).status === 0;

describe('on a terminal', () => {
  it.skipIf(!hasScript)('writes a warning on its own line, never glued to the progress note', async () => {
    const feeds = await startServer(
      routes({ '/ok': { body: rss([{ title: 'A post', link: 'https://lab.example/a' }]) } }),
    );
    servers.push(feeds);
    const dir = tempDir();
    writeConfig(dir, {
      sources: [
        { id: 'first', kind: 'feed', url: `${feeds.url}/ok`, category: 'lab', tier: 'B' },
        { id: 'second', kind: 'feed', url: `${feeds.url}/missing`, category: 'lab', tier: 'B' },
        { id: 'third', kind: 'feed', url: `${feeds.url}/gone`, category: 'lab', tier: 'B' },
      ],
    });
    const env: Record<string, string> = { ...process.env, AGI_TRACKER_DB: '', TERM: 'xterm' } as Record<string, string>;
    delete env.NO_COLOR;
    // stdout to /dev/null: only stderr (logs and the progress note) reaches the terminal.
    const child = spawn(
      'script',
      ['-qec', `'${process.execPath}' '${BIN}' fetch --concurrency 1 >/dev/null`, '/dev/null'],
      { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const res = await collect(child);
    const screen = res.stdout;
    expect(screen).toMatch(/\[1\/3\] first: ok/); // the note was drawn
    const warnings = [...screen.matchAll(/warn: (second|third): /g)];
    expect(warnings).toHaveLength(2);
    for (const w of warnings) {
      const before = screen.slice(0, w.index);
      // At the start of a line, or right after the note was erased (\r, erase to end of line).
      expect(before.endsWith('\n') || before.endsWith(ERASE), JSON.stringify(screen)).toBe(true);
    }
    expect(screen.endsWith(ERASE) || screen.endsWith('\n')).toBe(true); // the note is gone at the end
  });
});
