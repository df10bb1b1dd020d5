import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const CRONTAB = fileURLToPath(new URL('../../crontab.example', import.meta.url));

describe('digest --out <folder>, as crontab.example runs it on Mondays', () => {
  it('names the file after the digest’s own week, not the week it runs in', async () => {
    const dir = tempDir();
    expect((await runCli(['fetch', '--offline'], { cwd: dir })).code).toBe(0);
    const out = join(dir, 'digests');
    mkdirSync(out);
    // Monday 2026-11-23 (in 2026-W48): the digest is of 2026-W47.
    const monday = { AGI_TRACKER_NOW: '2026-11-23T06:00:00Z' };
    const html = await runCli(['digest', '--format', 'html', '--out', out], { cwd: dir, env: monday });
    expect(html.code, html.stderr).toBe(0);
    const md = await runCli(['digest', '--format', 'md', '--out', `${out}/`, '--json'], { cwd: dir, env: monday });
    expect(md.code, md.stderr).toBe(0);
    expect(JSON.parse(md.stdout)).toMatchObject({
      week: '2026-W47',
      format: 'md',
      out: join(out, 'digest-2026-W47.md'),
    });
    expect(readdirSync(out).sort()).toEqual(['digest-2026-W47.html', 'digest-2026-W47.md']);
    expect(readFileSync(join(out, 'digest-2026-W47.html'), 'utf8')).toMatch(
      /<title>AGI progress digest 2026-W47<\/title>/,
    );
    // A named file is still written as named; a missing folder is still a usage error.
    expect((await runCli(['digest', '--out', join(out, 'mine.md')], { cwd: dir, env: monday })).code).toBe(0);
    expect((await runCli(['digest', '--out', join(dir, 'nope', 'x.md')], { cwd: dir, env: monday })).code).toBe(2);
  });

  it('crontab.example lets the digest name its file (no `date +%G-W%V`, which is the new week on Mondays)', () => {
    const digest = readFileSync(CRONTAB, 'utf8')
      .split('\n')
      .find((l) => !l.startsWith('#') && l.includes(' digest '));
    expect(digest).toBeDefined();
    expect(digest).not.toMatch(/date \+/);
    expect(digest).toMatch(/digest --format html --out \/var\/lib\/agi-tracker\/digests\/ /);
  });
});
