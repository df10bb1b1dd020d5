import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { routes, startServer, startSink, type TestServer } from '../helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const at = { AGI_TRACKER_NOW: '2026-11-18T08:00:00Z' };
// What a terminal obeys: C0 but tab/newline, DEL, C1, bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex -- finding control characters is the point.
const UNSAFE = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/;

/**
 * Every way feed text smuggles a control character past one decode step: a double-encoded
 * reference (&amp;#27; → "&#27;" → ESC), references inside CDATA, a reference XML forbids
 * (&#27;, which a strict parser fails the whole feed for), a raw C1 code and raw bidi
 * overrides, in title, summary and author.
 */
const hostile =
  `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
<item>
<title>Agent hits 80% on SWE-bench Verified &amp;#27;[2J&amp;#x1b;]0;pwned&amp;#7; \u202Egnp.exe\u202C &#27;[0m</title>
<link>https://lab.example/a</link><pubDate>Tue, 10 Nov 2026 10:00:00 GMT</pubDate>
<dc:creator><![CDATA[Eve &#x1b;[31mRed&#x1b;[0m \u2066x\u2069]]></dc:creator>
<description><![CDATA[<p>Body &#x1b;]8;;https://evil.example/&#x1b;\\click&#x1b;]8;;&#x1b;\\ ` +
  `and \u009b2J &#x9b;2J &#x202e;rtl</p>]]></description></item>
</channel></rss>`;

async function fetched(): Promise<{ dir: string; url: string }> {
  const feeds = await startServer(routes({ '/f': { body: hostile } }));
  servers.push(feeds);
  const dir = tempDir();
  writeConfig(dir, { sources: [{ id: 'lab', kind: 'feed', url: `${feeds.url}/f`, category: 'lab', tier: 'B' }] });
  expect((await runCli(['fetch'], { cwd: dir, env: at })).code).toBe(0);
  return { dir, url: `${feeds.url}/f` };
}

function stored(dir: string): { title: string; summary: string; authors: string }[] {
  const db = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  const rows = db.prepare('select title, summary, authors from events').all() as {
    title: string;
    summary: string;
    authors: string;
  }[];
  db.close();
  return rows;
}

describe('feed text is plain text', () => {
  it('stores no control character or bidi override, whatever the encoding trick', async () => {
    const { dir } = await fetched();
    const [row] = stored(dir);
    expect(row).toBeDefined();
    for (const text of [row?.title, row?.summary, row?.authors]) expect(text).not.toMatch(UNSAFE);
    expect(row?.title).toBe('Agent hits 80% on SWE-bench Verified [2J]0;pwned gnp.exe [0m');
    // &#x9b; decodes as HTML says, to Windows-1252's "›": a harmless character.
    expect(row?.summary).toBe('Body ]8;;https://evil.example/\\click]8;;\\ and 2J ›2J rtl');
    expect(JSON.parse(row?.authors ?? '[]')).toEqual(['Eve [31mRed[0m x']);
  });

  it('cleans text an older version stored, at every output that prints it', async () => {
    const { dir, url } = await fetched();
    expect((await runCli(['analyze', '--provider', 'offline'], { cwd: dir, env: at })).code).toBe(0);
    // What an older version would have stored: raw ESC, BEL, C1 and bidi in every text column.
    const db = new Sqlite(join(dir, 'agi-tracker.db'));
    const evil = '\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202e\r';
    db.prepare('update events set title = title || ?, summary = ? || summary, authors = ?').run(
      evil,
      evil,
      JSON.stringify([`Eve${evil}`]),
    );
    db.prepare('update analyses set summary = ? || summary, rationale = ? || rationale').run(evil, evil);
    db.prepare(
      "update sources set last_error = ?, consecutive_failures = 5, disabled_until = '2099-01-01T00:00:00.000Z'",
    ).run(`HTTP 500${evil}`);
    db.close();

    const outputs: Record<string, string> = {};
    const run = async (name: string, args: string[]) => {
      const r = await runCli(args, { cwd: dir, env: at });
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      outputs[name] = r.stdout;
    };
    await run('events list', ['events', 'list']);
    await run('events list --json', ['events', 'list', '--json']);
    await run('events show', ['events', 'show', '1']);
    await run('events show --json', ['events', 'show', '1', '--json']);
    await run('export csv', ['export', '--format', 'csv']);
    await run('export jsonl', ['export', '--format', 'jsonl']);
    await run('digest md', ['digest', '--week', '2026-W46']);
    await run('digest html', ['digest', '--week', '2026-W46', '--format', 'html']);
    await run('digest json', ['digest', '--week', '2026-W46', '--format', 'json']);
    await run('snapshot', ['snapshot', '--date', '2026-11-15']);
    await run('snapshot --json', ['snapshot', '--date', '2026-11-15', '--json']);
    await run('snapshot --explain', ['snapshot', '--date', '2026-11-15', '--explain', 'swe_bench_85']);
    await run('snapshot --explain --json', ['snapshot', '--date', '2026-11-15', '--explain', 'swe_bench_85', '--json']);
    await run('dedupe-check', ['dedupe-check']);
    await run('sources test', ['sources', 'test', url]);
    await run('sources test --json', ['sources', 'test', url, '--json']);
    // A paused source makes status exit 1: its stdout and its stderr line are both output.
    for (const args of [['status'], ['status', '--json']]) {
      const r = await runCli(args, { cwd: dir, env: at });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout + r.stderr).toContain('HTTP 500');
      outputs[args.join(' ')] = r.stdout + r.stderr;
    }

    expect(outputs['events show']).toContain('Agent hits 80%');
    expect(outputs['digest md']).toContain('Agent hits 80%');
    for (const [name, text] of Object.entries(outputs)) {
      // JSON escapes C0 as \u001b: a consumer decoding it would get the raw character back.
      const decoded = text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      expect(decoded.replace(/\r\n/g, '\n'), name).not.toMatch(UNSAFE);
    }
  }, 120_000); // 22 CLI runs: seconds each on a loaded 2-core runner

  it('posts Slack text as mrkdwn: & < > escaped, no control characters', async () => {
    const hook = await startSink();
    const received = hook.received;
    servers.push(hook);
    // A body that is not XML: its first characters become the error, then the alert text.
    const feeds = await startServer(routes({ '/f': { body: 'hi <!channel> & \u009b2J', type: 'text/plain' } }));
    servers.push(feeds);
    const dir = tempDir();
    writeConfig(dir, {
      sources: [{ id: 'src', kind: 'feed', url: `${feeds.url}/f`, category: 'lab', tier: 'B' }],
      http: { retries: 0 },
      alerts: { slackWebhookUrl: `${hook.url}/slack`, webhookUrl: `${hook.url}/hook` },
    });
    for (let i = 0; i < 3; i++) await runCli(['fetch'], { cwd: dir });
    const slack = received.filter((r) => r.path === '/slack').map((r) => String(r.body.text));
    expect(slack).toHaveLength(1);
    expect(slack[0]).toContain('hi &lt;!channel&gt; &amp;');
    expect(slack[0]).not.toMatch(/<!channel>|[<>]/);
    for (const r of received) expect(JSON.stringify(r.body)).not.toMatch(UNSAFE);
  });
});
