import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const at = { AGI_TRACKER_NOW: '2026-11-18T08:00:00Z' };

/** Under --json, stderr holds exactly one JSON error object and nothing else. */
function jsonError(stderr: string): { code: string; message: string } {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  const parsed = JSON.parse(lines[0] ?? '') as { error: { code: string; message: string } };
  expect(Object.keys(parsed)).toEqual(['error']);
  return parsed.error;
}

describe('--json errors', () => {
  it('reports usage errors caught by the command parser as JSON on stderr, exit 2', async () => {
    const dir = tempDir();
    const cases: [string[], RegExp][] = [
      [['nope', '--json'], /unknown command 'nope'/],
      [['--json', 'fetch', '--bogus'], /unknown option '--bogus'/],
      [['backup', '--json'], /missing required argument 'path'/],
      [['digest', '--format', 'xx', '--json'], /argument 'xx' is invalid\. Allowed choices are md, html, json/],
      [
        ['sources', 'test', '--kind', 'rss', 'https://a.example/', '--json'],
        /Allowed choices are feed, arxiv, leaderboard, page/,
      ],
      [['export', '--format', 'xml', '--json'], /--format takes jsonl or csv/],
      [['events', '--json'], /missing command/],
    ];
    for (const [args, message] of cases) {
      const res = await runCli(args, { cwd: dir });
      expect(res.code, args.join(' ')).toBe(2);
      const error = jsonError(res.stderr);
      expect(error.code, args.join(' ')).toBe('usage');
      expect(error.message, args.join(' ')).toMatch(message);
      expect(error.message).not.toMatch(/^error: /);
      expect(res.stdout).toBe('');
    }
  });

  it('keeps the plain message without --json; a command group without a subcommand is a usage error too', async () => {
    const res = await runCli(['nope'], { cwd: tempDir() });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown command 'nope'/);
    expect(() => JSON.parse(res.stderr)).toThrow();
    const group = await runCli(['events'], { cwd: tempDir() });
    expect(group.code).toBe(2);
    expect(group.stderr).toMatch(/Usage: agi-tracker events/);
    expect((await runCli(['help'], { cwd: tempDir() })).code).toBe(0);
  });

  it('digest --json prints JSON whatever --format says; with --out the file keeps its format', async () => {
    const dir = tempDir();
    expect((await runCli(['fetch', '--offline'], { cwd: dir, env: at })).code).toBe(0);
    for (const format of ['md', 'html', 'json']) {
      const res = await runCli(['digest', '--format', format, '--json'], { cwd: dir, env: at });
      expect(res.code, format).toBe(0);
      expect(JSON.parse(res.stdout), format).toMatchObject({ week: '2026-W46' });
    }
    const out = join(dir, 'digest.html');
    const res = await runCli(['digest', '--format', 'html', '--out', out, '--json'], { cwd: dir, env: at });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ week: '2026-W46', format: 'html', out, posted: null, emailed: null });
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/i);
  });
});
