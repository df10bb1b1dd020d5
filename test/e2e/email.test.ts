import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { digestJob } from '../../src/jobs/digest.js';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { jobContext } from '../helpers/job-context.js';
import { publishedRecord } from '../helpers/publish-fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { startSilentServer, startSmtp } from '../helpers/smtp.js';

const servers: TestServer[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function smtp(options: Parameters<typeof startSmtp>[0] = {}) {
  const server = await startSmtp(options);
  closers.push(server.close);
  return server;
}

function rows<T>(dir: string, sql: string): T[] {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  try {
    return h.prepare(sql).all() as T[];
  } finally {
    h.close();
  }
}

const RECIPIENTS = [
  { to: 'ana@example.org' }, // the defaults: preset equal, tier B or better, HTML
  { to: 'bo@example.org', preset: 'cotra', minTier: 'A', format: 'text' },
  { to: 'cy@example.org', minTier: 'D' },
];
const email = (extra: Record<string, unknown> = {}) => ({
  email: { from: 'agi-tracker <bot@example.org>', recipients: RECIPIENTS, ...extra },
});

describe('digest --email', () => {
  it('sends each recipient their cut of the week, text and HTML, escaped, once per week unless --force', async () => {
    const server = await smtp({ user: 'bot', pass: 'pa ss/w0rd' });
    const { dir, env } = await publishedRecord(servers, email());
    // The SMTP URL from the environment, as a secret: never printed, logged or stored.
    const run = (...flags: string[]) =>
      runCli(['digest', '--week', '2026-W46', '--email', ...flags], {
        cwd: dir,
        env: { ...env, SMTP_URL: server.url },
      });
    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    expect(server.received.map((r) => r.to)).toEqual([['ana@example.org'], ['bo@example.org'], ['cy@example.org']]);
    const [ana, bo, cy] = server.received.map((r) => r.mail);
    expect(ana?.from?.value).toEqual([{ name: 'agi-tracker', address: 'bot@example.org' }]);
    expect(ana?.subject).toMatch(
      /^AGI progress digest 2026-W46: Index \(equal\) \d\.\d{3} \([+−±]\d\.\d{3} this week\)/,
    );
    expect(bo?.subject).toMatch(/^AGI progress digest 2026-W46: Index \(cotra\) /);

    // HTML recipients get both parts; the feed's markup arrives as text in each.
    expect(ana?.text).toContain('# AGI progress digest — 2026-W46 (2026-11-09 to 2026-11-15)');
    expect(ana?.html).toMatch(/^<!DOCTYPE html>/);
    expect(ana?.html).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; ]]&gt; reaches 80%');
    expect(ana?.html).not.toMatch(/<script|<img|href="javascript/i);
    expect(ana?.text).toContain('\\<script\\>alert\\("t"\\)\\</script\\>');
    expect(ana?.html).not.toContain('Rumour'); // tier C: not for a B reader
    // A text recipient: no HTML part, their preset only, tier A only (the lab's B stories are out).
    expect(bo?.html).toBe(false);
    expect(bo?.text).toContain('| cotra |');
    expect(bo?.text).not.toContain('| equal |');
    expect(bo?.text).not.toContain('reaches 80%');
    // Tier D and better: the rumour is there, "if true".
    expect(cy?.html).toContain('if true: ');
    expect(cy?.html).toContain('Rumour: a model hits 95% on SWE-bench Verified');

    const sends = rows<{ recipient: string }>(dir, "select recipient from email_sends where kind = 'digest'");
    expect(sends.map((s) => s.recipient).sort()).toEqual(RECIPIENTS.map((r) => r.to));
    for (const text of [first.stdout, first.stderr, JSON.stringify(rows(dir, 'select * from job_runs'))]) {
      expect(text).not.toContain('pa ss/w0rd');
      expect(text).not.toContain('pa%20ss');
    }
    expect(first.stderr).toMatch(/digest 2026-W46 emailed to ana@example.org/);

    // Again: nobody gets it twice; --force sends it again.
    const again = await run('--json');
    expect(again.code, again.stderr).toBe(0);
    expect(server.received).toHaveLength(3);
    expect(JSON.parse(again.stdout).emailed).toEqual({
      'ana@example.org': expect.stringMatching(/^already sent 2026-11-18T08:00:00/),
      'bo@example.org': expect.stringMatching(/^already sent /),
      'cy@example.org': expect.stringMatching(/^already sent /),
    });
    expect((await run('--force')).code).toBe(0);
    expect(server.received).toHaveLength(6);
    expect(rows(dir, 'select * from email_sends')).toHaveLength(3);
  });

  it('refuses TLS it cannot verify, or no TLS when required, per recipient, and never fails the job', async () => {
    const tls = await smtp({ secure: true }); // smtp-server's own certificate: self-signed (and expired)
    const starttls = await smtp({ hideSTARTTLS: false });
    const plain = await smtp({ disabledCommands: ['AUTH', 'STARTTLS'] }); // no TLS at all
    const { dir, env } = await publishedRecord(servers, email());
    const cases = [
      { url: tls.url, error: /certificate/i },
      { url: starttls.url, error: /certificate/i },
      // A server that offers no STARTTLS, when TLS is required: refused rather than sent in the clear.
      { url: `${plain.url}/?requireTLS=true`, error: /STARTTLS/i },
    ];
    for (const c of cases) {
      const res = await runCli(['digest', '--week', '2026-W46', '--email'], {
        cwd: dir,
        env: { ...env, SMTP_URL: c.url },
      });
      expect(res.code, res.stderr).toBe(0);
      for (const r of RECIPIENTS) expect(res.stderr).toMatch(new RegExp(`digest 2026-W46 not emailed to ${r.to}: `));
      expect(res.stderr).toMatch(c.error);
    }
    expect(tls.received.length + starttls.received.length + plain.received.length).toBe(0);
    expect(rows(dir, 'select * from email_sends')).toEqual([]);
    expect(rows(dir, "select status from job_runs where job = 'digest' order by id desc limit 1")).toEqual([
      { status: 'success' },
    ]);
  });

  it('is bounded when the server accepts and never answers: a few attempts in all, any recipients', async () => {
    const silent = await startSilentServer();
    closers.push(silent.close);
    const many = Array.from({ length: 8 }, (_, i) => ({ to: `r${i}@example.org` }));
    const { dir, env } = await publishedRecord(servers, {
      email: { smtpUrl: silent.url, from: 'bot@example.org', recipients: many, timeoutMs: 300 },
    });
    const ctx = jobContext(dir, env);
    const outcome = await digestJob(ctx, { week: '2026-W46', email: true });
    expect(outcome.verdict).toBe('ok');
    // 3 attempts of 0.3 s in all, not one per recipient, nor a hang (counted, not timed).
    expect(silent.connections).toBeLessThanOrEqual(3);
    expect(Object.keys(outcome.result.emailed ?? {})).toEqual(many.map((r) => r.to));
    expect(ctx.logs.filter((l) => /^warn: digest 2026-W46 not emailed to r\d@example.org/.test(l))).toHaveLength(8);
    expect(ctx.logs.some((l) => /not sent: email and notices used their 0.9 s/.test(l))).toBe(true);
    expect(rows(dir, 'select * from email_sends')).toEqual([]);
  });

  it('is a config error (exit 2) without SMTP, sender or recipients, or with an unknown preset', async () => {
    const server = await smtp();
    const { dir, env } = await publishedRecord(servers);
    const noSmtp = await runCli(['digest', '--email'], { cwd: dir, env });
    expect(noSmtp.code).toBe(2);
    expect(noSmtp.stderr).toMatch(/--email needs email\.smtpUrl \(or SMTP_URL\), email\.from, email\.recipients/);
    writeConfig(dir, { ...email({ recipients: [{ to: 'a@example.org', preset: 'nope' }] }) });
    const badPreset = await runCli(['digest', '--email'], { cwd: dir, env: { ...env, SMTP_URL: server.url } });
    expect(badPreset.code).toBe(2);
    expect(badPreset.stderr).toMatch(/email\.recipients\[0\]\.preset "nope" is not a preset/);
    writeConfig(dir, { email: { recipients: [{ to: 'a@example.org, b@example.org' }] } });
    expect((await runCli(['digest'], { cwd: dir, env })).stderr).toMatch(/email\.recipients\[0\]\.to must be an email/);
    expect(server.received).toHaveLength(0);
  });
});

describe('alerts by email', () => {
  it('follow the same episodes as Slack: once when a job starts failing, once when it recovers', async () => {
    const server = await smtp();
    let up = false;
    const feeds = await startServer((_req, res) => {
      if (up) return void res.end(rss([{ title: 'Fine', link: 'https://b.example/1' }]));
      res.statusCode = 500;
      res.end();
    });
    servers.push(feeds);
    const dir = tempDir();
    writeConfig(dir, {
      sources: [{ id: 'one', kind: 'feed', url: `${feeds.url}/f`, category: 'lab', tier: 'B' }],
      http: { retries: 0 },
      alerts: { email: true },
      email: {
        smtpUrl: server.url,
        from: 'bot@example.org',
        recipients: [{ to: 'ops@example.org' }, { to: 'me@example.org' }],
      },
    });
    const subjects = () => server.received.map((r) => `${r.to.join()}: ${r.mail.subject}`);
    for (let i = 0; i < 4; i++) expect((await runCli(['fetch'], { cwd: dir })).code).toBe(1);
    // The third failure in a row opens the episode: one email per address; the fourth sends nothing.
    expect(subjects()).toEqual([
      'ops@example.org: [agi-tracker] error: fetch failed 3 times in a row',
      'me@example.org: [agi-tracker] error: fetch failed 3 times in a row',
    ]);
    expect(server.received[0]?.mail.text).toContain('job: fetch');
    up = true;
    expect((await runCli(['fetch'], { cwd: dir })).code).toBe(0);
    expect(subjects().slice(2)).toEqual([
      'ops@example.org: [agi-tracker] info: fetch recovered',
      'me@example.org: [agi-tracker] info: fetch recovered',
    ]);
    expect((await runCli(['fetch'], { cwd: dir })).code).toBe(0);
    expect(server.received).toHaveLength(4);
    const delivery = rows<{ delivery: string }>(dir, 'select delivery from alerts order by id');
    expect(delivery.map((d) => JSON.parse(d.delivery).email)).toEqual(['ok', 'ok']);
  });

  it('is a config error (exit 2) when alerts.email is on without the email section', async () => {
    const dir = tempDir();
    writeConfig(dir, { sources: [], alerts: { email: true } });
    const res = await runCli(['fetch'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/alerts\.email needs email\.smtpUrl \(or SMTP_URL\), email\.from, email\.recipients/);
  });
});
