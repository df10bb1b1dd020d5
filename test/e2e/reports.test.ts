import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeJob } from '../../src/jobs/analyze.js';
import { cleanupJob } from '../../src/jobs/cleanup.js';
import { digestJob } from '../../src/jobs/digest.js';
import { fetchJob } from '../../src/jobs/fetch.js';
import { snapshotJob } from '../../src/jobs/snapshot.js';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { jobContext } from '../helpers/job-context.js';
import { startFakeOpenAi } from '../helpers/fake-openai.js';
import { rss } from '../helpers/feeds.js';
import { routes, startServer, startSink, type TestServer } from '../helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

// Wednesday of ISO week 2026-W47: the last complete week is 2026-W46 (Nov 9–15).
const at = { AGI_TRACKER_NOW: '2026-11-18T08:00:00Z' };

function count(dir: string, sql: string): number {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  const n = h.prepare(sql).pluck().get() as number;
  h.close();
  return n;
}

/** A lab feed (B) and a press feed (C) analysed offline: signpost readings on known days. */
async function seeded(extra: Record<string, unknown> = {}) {
  const lab = rss([
    {
      title: 'Lab model reaches 71% on SWE-bench Verified',
      link: 'https://lab.example/a',
      date: '2026-10-20T10:00:00Z',
    },
    {
      title: 'Our agent scores 78.5% on SWE-bench Verified',
      link: 'https://lab.example/b',
      date: '2026-11-10T10:00:00Z',
    },
    { title: 'A 5 GW data center campus is under way', link: 'https://lab.example/c', date: '2026-11-12T10:00:00Z' },
  ]);
  const press = rss([
    {
      title: 'Rumour: a model hits 95% on SWE-bench Verified',
      link: 'https://press.example/r',
      date: '2026-11-11T10:00:00Z',
    },
  ]);
  const feeds = await startServer(routes({ '/lab': { body: lab }, '/press': { body: press } }));
  servers.push(feeds);
  const dir = tempDir();
  writeConfig(dir, {
    sources: [
      { id: 'lab', kind: 'feed', url: `${feeds.url}/lab`, category: 'lab', tier: 'B' },
      { id: 'press', kind: 'feed', url: `${feeds.url}/press`, category: 'news', tier: 'C' },
    ],
    ...extra,
  });
  // The jobs in-process, as `fetch` and `analyze --provider offline` would run them.
  expect((await fetchJob(jobContext(dir, at))).verdict).toBe('ok');
  expect((await analyzeJob(jobContext(dir, at), { provider: 'offline' })).verdict).toBe('ok');
  return dir;
}

/**
 * What makes the page read on a 400-px phone, checked without a browser (bench/digest-screenshots.js
 * takes the real screenshots): drawings scale by viewBox with no pixel width, every table
 * scrolls inside its own box, and each category's week movement is drawn inside its gauge.
 */
function expectPhoneReady(page: string) {
  expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  const svgs = [...page.matchAll(/<svg\b[^>]*>/g)].map((m) => m[0]);
  expect(svgs.length).toBeGreaterThan(4);
  for (const svg of svgs) {
    expect(svg).toMatch(/ viewBox="0 0 \d+ \d+"/);
    expect(svg).not.toMatch(/ (width|height)="\d+(\.\d+)?(px)?"/);
  }
  const css = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
  expect(css).toMatch(/svg\{max-width:100%;height:auto\}/);
  expect(css).toMatch(/\.scroll\{overflow-x:auto/);
  const tables = page.split('<table').length - 1;
  expect(tables).toBeGreaterThan(0);
  expect(page.split('<div class="scroll"><table').length - 1).toBe(tables);
  for (const c of ['capabilities', 'agents', 'inputs', 'security'])
    expect(page).toMatch(
      new RegExp(
        `<svg [^>]*class="gauge"[^>]*>(?:(?!</svg>).)*>${c}</text>(?:(?!</svg>).)*>week [+−±]\\d\\.\\d{3}</text></svg>`,
      ),
    );
  expect(page).toMatch(/<ul class="legend">(<li>.*?equal<\/li>)/); // the legend is HTML, so it reflows
}

describe('snapshot', () => {
  it('stores one row per (date, preset), is idempotent, backfills, and moves against 7 and 30 days', async () => {
    const dir = await seeded({ presets: { mine: { capabilities: 0.7, agents: 0.1, inputs: 0.1, security: 0.1 } } });
    // The snapshot job in-process; the text (and one --json) output through the CLI below.
    const snapshot = async (date?: string) => (await snapshotJob(jobContext(dir, at), { date })).result;
    const first = await snapshotJob(jobContext(dir, at));
    expect(first.verdict).toBe('ok');
    const doc = first.result;
    expect(doc.date).toBe('2026-11-18');
    expect(doc.presets.map((p) => p.name)).toEqual(['equal', 'aschenbrenner', 'cotra', 'conservative', 'mine']);
    const swe = doc.signposts.find((s) => s.code === 'swe_bench_85');
    expect(swe).toMatchObject({ value: 78.5, provisional: true, evidence: { tier: 'B', date: '2026-11-10' } });
    expect(swe?.ifTrue).toEqual([expect.objectContaining({ value: 95, tier: 'C' })]);
    // 7 and 30 days back were never snapshotted: computed and stored too (3 dates × 5 presets).
    expect(count(dir, 'select count(*) from snapshots')).toBe(15);
    // exact, not rounded twice
    for (const p of doc.presets) expect(p.safetyMargin, p.name).toBe(doc.categories.security.score - p.capability);
    const equal = doc.presets[0];
    const then = (await snapshot('2026-11-11')).presets[0];
    expect(equal?.movement.days7).toBe((equal?.overall ?? NaN) - (then?.overall ?? NaN));
    expect(equal?.movement.days7).toBeGreaterThan(0);

    const again = await runCli(['snapshot', '--json'], { cwd: dir, env: at });
    expect(again.code).toBe(0);
    const redo = JSON.parse(again.stdout);
    expect(redo.presets).toEqual(doc.presets);
    expect(count(dir, "select count(*) from snapshots where date = '2026-11-18'")).toBe(5);

    // Backfill: a day before any evidence is all zeros with [0, 1] bands.
    const early = await snapshot('2026-10-01');
    expect(early.presets[0]).toMatchObject({ overall: 0, capability: 0 });
    expect(early.categories.capabilities.band).toEqual([0, 1]);
    const mid = await snapshot('2026-10-25');
    expect(mid.signposts.find((s) => s.code === 'swe_bench_85')?.value).toBe(71);

    const day = await runCli(['snapshot', '--date', '2026-11-10'], { cwd: dir, env: at });
    expect(day.stdout).toMatch(
      new RegExp(
        /that day: 1 event, 0 analyzed, \$0\.0000 LLM spend\n {2}by tier: B 1\n/.source +
          / {2}by category: capabilities 1\n {2}by source: lab 1/.source,
      ),
    );
    const history = await runCli(['snapshot', '--history', '10', '--preset', 'mine'], { cwd: dir, env: at });
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/last 10 days \(2026-11-09 → 2026-11-18\):\n\s+mine\s+[▁▂▃▄▅▆▇█]{10}/);
    expect(history.stdout).not.toMatch(/^equal/m);
    expect(count(dir, "select count(*) from snapshots where date between '2026-11-09' and '2026-11-18'")).toBe(50);
  });

  it('explains a signpost and refuses bad flags with exit 2', async () => {
    const dir = await seeded();
    const explain = await runCli(['snapshot', '--explain', 'swe_bench_85'], { cwd: dir, env: at });
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/: baseline 50%, target >= 85%\n/);
    expect(explain.stdout).toMatch(/on 2026-11-18: 78\.5%, progress 0\.814, provisional/);
    const days = await runCli(['snapshot', '--explain', 'multi_day_project'], { cwd: dir, env: at });
    expect(days.stdout).toMatch(/: baseline 0 days, target >= 5 days\n/);
    expect(explain.stdout).toMatch(/value\s+78\.5\s+B\s+2026-11-10/);
    expect(explain.stdout).toMatch(/counted\s+71\s+B\s+2026-10-20/);
    expect(explain.stdout).toMatch(/if true\s+95\s+C\s+2026-11-11/);
    expect(count(dir, 'select count(*) from snapshots')).toBe(0); // --explain stores nothing
    const one = await runCli(['snapshot', '--history', '1'], { cwd: dir, env: at });
    expect(one.stdout).toMatch(/last 1 day \(2026-11-18 → 2026-11-18\)/);
    expect(one.stdout).toMatch(/signposts with a value, \d+ without; 2 C\/D readings listed as "if true"/);
    expect(one.stdout).toMatch(
      /^\S+\s+\[[#~.]+\] [\d.]+ +band [\d.–]+ +\(\d+\/\d+ signposts with evidence, \d+ tier A\)$/m,
    );
    expect(`${explain.stdout}${days.stdout}${one.stdout}`).not.toMatch(
      /\(s\)|\d %|\b1 (days|hours|orders|events|signposts)\b/,
    );
    for (const args of [
      ['--date', '2026-11-19'],
      ['--date', '2026-02-30'],
      ['--preset', 'nope'],
      ['--explain', 'nope'],
      ['--history', '0'],
    ]) {
      const res = await runCli(['snapshot', ...args], { cwd: dir, env: at });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('digest', () => {
  it('escapes hostile feed text in HTML and Markdown and emits only http(s) links', async () => {
    const hostile = rss([
      {
        title: '&lt;script&gt;alert("t")&lt;/script&gt; reaches 80% on SWE-bench Verified',
        link: 'https://lab.example/x',
        date: '2026-11-10T10:00:00Z',
        description:
          'A result. &lt;img src=x onerror=alert(1)&gt; [click](javascript:alert(2)) ' +
          '&lt;a href="javascript:alert(3)"&gt;here&lt;/a&gt;',
      },
    ]);
    const feeds = await startServer(routes({ '/f': { body: hostile } }));
    servers.push(feeds);
    const dir = tempDir();
    writeConfig(dir, { sources: [{ id: 'f', kind: 'feed', url: `${feeds.url}/f`, category: 'lab', tier: 'B' }] });
    await runCli(['fetch'], { cwd: dir, env: at });
    // A row with a javascript: URL, as if a bad value ever reached storage: still no link.
    const h = new Sqlite(join(dir, 'agi-tracker.db'));
    h.prepare(
      `insert into events (source_id, kind, title, url, canonical_url, content_hash, summary, authors,
                           published_at, fetched_at)
       values ('f', 'post', 'Click me on GPQA Diamond 90%', 'javascript:alert(4)', 'javascript:alert(4)', 'h1',
               '<b onmouseover=alert(5)>x</b>', '[]', '2026-11-11T00:00:00Z', '2026-11-11T00:00:00Z')`,
    ).run();
    h.close();
    await runCli(['analyze', '--provider', 'offline'], { cwd: dir, env: at });
    const stored = count(
      dir,
      `select count(*) from events where title like '<script>%' and summary like '%<img src=x onerror=alert(1)>%'`,
    );
    expect(stored).toBe(1); // the hostile text really is in the database

    const html = await runCli(['digest', '--format', 'html'], { cwd: dir, env: at });
    expect(html.code).toBe(0);
    const page = html.stdout;
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; reaches 80% on SWE-bench Verified');
    expect(page).not.toMatch(/<script|<img|<b |<a href="javascript|href="javascript/i);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; [click](javascript:alert(2))'); // inert text
    expect(page).toContain('<svg');
    expect(page).toContain('href="https://lab.example/x"');
    expect([...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]).every((u) => /^https?:\/\//.test(u as string))).toBe(
      true,
    );
    expect(page).toContain("default-src 'none'");

    const md = (await runCli(['digest'], { cwd: dir, env: at })).stdout;
    expect(md).toMatch(/^# AGI progress digest — 2026-W46 \(2026-11-09 to 2026-11-15\)/);
    // every < is backslash-escaped
    expect(md).not.toMatch(/(^|[^\\])<(script|img|b )|\]\(javascript:|\(<javascript:/im);
    expect(md).toContain('\\<script\\>alert\\("t"\\)\\</script\\> reaches 80% on SWE-bench Verified');
    expect(md).toContain('Click me on GPQA Diamond 90%'); // shown, but not as a link
    expect(md).not.toMatch(/\[Click me/);
  });

  it('writes md, html and json of the last full week, stores it once a week, posts it, alerts when done', async () => {
    const hook = await startSink();
    servers.push(hook);
    const dir = await seeded({ alerts: { webhookUrl: `${hook.url}/hook/SECRET`, digest: true } });
    const out = join(dir, 'digest.html');
    const res = await runCli(['digest', '--format', 'html', '--out', out, '--post'], { cwd: dir, env: at });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/<title>AGI progress digest 2026-W46<\/title>/);
    expectPhoneReady(readFileSync(out, 'utf8'));
    const json = JSON.parse((await runCli(['digest', '--json'], { cwd: dir, env: at })).stdout);
    expect(json).toMatchObject({ week: '2026-W46', from: '2026-11-09', to: '2026-11-15' });
    expect(json.series).toHaveLength(12);
    expect(json.records.map((r: { signpost: string; value: number }) => `${r.signpost}=${r.value}`)).toEqual([
      'swe_bench_85=78.5',
      'swe_bench_90=78.5',
      'dc_power_1gw=5',
      'dc_power_10gw=5',
    ]);
    expect(json.records[0]).toMatchObject({ previous: 71, tier: 'B', date: '2026-11-10' });
    const md = (await runCli(['digest'], { cwd: dir, env: at })).stdout;
    expect(md).toContain('(SWE-bench Verified 85%): 78.5%, previous best 71%; tier B, 2026-11-10');
    expect(md).toMatch(/\(largest AI data centre\): 5 GW, first reading;/);
    expect(md).toContain('LLM spend this week: $0.0000 over 0 calls.');
    expect(readFileSync(out, 'utf8')).toContain('78.5%, previous best 71%;');
    expect(`${md}${readFileSync(out, 'utf8')}`).not.toMatch(/\(s\)|\d %|\b1 (days|calls|records)\b/);
    expect(json.topEvents.flatMap((g: { events: { title: string }[] }) => g.events.map((e) => e.title))).not.toContain(
      'Rumour: a model hits 95% on SWE-bench Verified',
    );
    expect(json.ifTrue.map((e: { title: string }) => e.title)).toEqual([
      'Rumour: a model hits 95% on SWE-bench Verified',
    ]);
    expect(count(dir, 'select count(*) from digests')).toBe(1);
    expect(
      count(dir, "select count(*) from digests where week = '2026-W46' and markdown like '# AGI progress digest%'"),
    ).toBe(1);

    const docs = hook.received.filter((r) => r.body.kind === 'document');
    expect(docs).toHaveLength(1);
    expect(String(docs[0]?.body.markdown)).toMatch(/^# AGI progress digest — 2026-W46/);
    const done = hook.received.filter((r) => r.body.key === 'digest:2026-W46');
    expect(done).toHaveLength(1); // once per week, though the digest ran twice
    expect(done[0]?.body).toMatchObject({ severity: 'info', title: 'Digest 2026-W46 is ready' });
    expect(res.stderr).not.toContain('SECRET');

    for (const args of [
      ['--week', '2026-W47'],
      ['--week', '2026-W99'],
      ['--week', 'last'],
      ['--format', 'pdf'],
      ['--out', join(dir, 'no', 'x.md')],
    ]) {
      const bad = await runCli(['digest', ...args], { cwd: dir, env: at });
      expect(bad.code, args.join(' ')).toBe(2);
    }
    const post = await runCli(['digest', '--post'], { cwd: tempDir(), env: at });
    expect(post.code).toBe(2);
    expect(post.stderr).toMatch(/--post needs alerts\.slackWebhookUrl or alerts\.webhookUrl/);
  });

  it("reads the sources section as of the week's end, not from today's health", async () => {
    // "flaky" fails all through W46 and recovers on the 17th; "steady" is fine in W46 and
    // breaks on the 17th. A digest of W46 written on the 18th must say the opposite of today.
    let w46 = true;
    const feeds = await startServer((req, res) => {
      const up = req.url === '/flaky' ? !w46 : w46;
      res.statusCode = up ? 200 : 503;
      res.end(up ? rss([{ title: `Post at ${Date.now()}`, link: `https://lab.example/${Math.random()}` }]) : 'down');
    });
    servers.push(feeds);
    const dir = tempDir();
    writeConfig(dir, {
      http: { retries: 0 },
      schedule: { fetchHours: 48 },
      sources: [
        { id: 'flaky', kind: 'feed', url: `${feeds.url}/flaky`, category: 'lab', tier: 'B' },
        { id: 'steady', kind: 'feed', url: `${feeds.url}/steady`, category: 'lab', tier: 'B' },
      ],
    });
    // The fetch, digest and cleanup jobs in-process; status and the Markdown through the CLI.
    const fetchAt = (when: string) => fetchJob(jobContext(dir, { AGI_TRACKER_NOW: `2026-11-${when}:00:00Z` }));
    for (const when of ['10T06', '12T06', '14T06', '15T18']) await fetchAt(when);
    w46 = false;
    for (const when of ['17T00', '17T06']) await fetchAt(when);
    const status = JSON.parse((await runCli(['status', '--json'], { cwd: dir, env: at })).stdout);
    // today: steady is the broken one
    expect(status.sources.find((x: { id: string }) => x.id === 'steady').consecutiveFailures).toBeGreaterThan(0);

    const d = (await digestJob(jobContext(dir, at))).result.doc;
    expect(d.week).toBe('2026-W46');
    expect(d.sources.map((x) => x.id)).toEqual(['flaky']);
    expect(d.sources[0]?.problem).toMatch(/^failing at the week's end \(4 failures in a row\): HTTP 503/);
    const md = (await runCli(['digest'], { cwd: dir, env: at })).stdout;
    expect(md).toMatch(/## Sources\n\n- flaky: failing at the week's end/);

    // W47: the fetch job stopped on the 17th, with steady failing.
    const w47 = (await digestJob(jobContext(dir, { AGI_TRACKER_NOW: '2026-11-25T08:00:00Z' }), { week: '2026-W47' }))
      .result.doc;
    expect(w47.sources).toEqual([
      {
        id: 'fetch job',
        problem: expect.stringMatching(/^no successful run after 2026-11-17T06:00:00\.000Z \(expected every 48 h\)/),
      },
      { id: 'steady', problem: expect.stringMatching(/^failing at the week's end \(2 failures in a row\): HTTP 503/) },
      { id: 'steady', problem: 'silent since 2026-11-15T18:00:00.000Z' }, // over 7 days by W47's end
    ]);

    // The fetch history shares the job ledger's retention (90 days).
    expect(count(dir, 'select count(*) from source_fetches')).toBe(12);
    const later = { AGI_TRACKER_NOW: '2027-06-01T00:00:00Z' };
    expect((await cleanupJob(jobContext(dir, later))).verdict).toBe('ok');
    expect(count(dir, 'select count(*) from source_fetches')).toBe(0);
  });

  it('the README flow on any day: the bundled samples read as recent news, so the digest is not empty', async () => {
    for (const now of ['2027-03-03T12:00:00Z', '2027-03-06T22:00:00Z']) {
      const dir = tempDir();
      const env = { AGI_TRACKER_NOW: now };
      const fetched = await runCli(['fetch', '--offline'], { cwd: dir, env });
      expect(fetched.code).toBe(0);
      expect(fetched.stdout).toMatch(/\d+ new, 1 duplicate, 0 skipped, 0 failed/);
      expect((await analyzeJob(jobContext(dir, env), { provider: 'offline' })).verdict).toBe('ok');
      const d = (await digestJob(jobContext(dir, env))).result.doc;
      expect(d.week).toBe('2027-W08');
      expect(d.topEvents.length, now).toBeGreaterThan(0);
      expect(d.records.length, now).toBeGreaterThan(0);
      for (const g of d.topEvents) for (const e of g.events) expect(e.date >= d.from && e.date <= d.to).toBe(true);
    }
  });

  it('adds an LLM narrative paid through the budget ledger, skips it with a note when the budget says no', async () => {
    const overview = 'A quiet week: one new SWE-bench Verified record.';
    const llm = await startFakeOpenAi(() => ({
      kind: 'answer',
      content: JSON.stringify({ overview }),
      usage: { prompt: 900, completion: 40 },
    }));
    servers.push(llm);
    const dir = await seeded();
    const env = { ...at, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm.baseUrl };
    const res = await runCli(['digest', '--narrative', '--json'], { cwd: dir, env });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).narrative).toEqual({ text: overview, note: null });
    expect(llm.calls).toHaveLength(1);
    expect(llm.calls[0]?.messages[0]?.content).toMatch(/never as instructions/);
    expect(count(dir, "select count(*) from llm_calls where state = 'settled' and cost_usd > 0")).toBe(1);

    const broke = await runCli(['digest', '--narrative', '--json'], {
      cwd: dir,
      env: { ...env, LLM_BUDGET_HARD_LIMIT_USD: '0' },
    });
    expect(broke.code).toBe(0);
    expect(JSON.parse(broke.stdout).narrative).toEqual({
      text: null,
      note: 'Narrative skipped: the LLM budget has no room for it today.',
    });
    expect(llm.calls).toHaveLength(1);
    const offline = await runCli(['digest', '--narrative'], { cwd: dir, env: { ...at, OPENAI_API_KEY: '' } });
    expect(offline.stdout).toContain('_Narrative skipped: no LLM is configured \\(set OPENAI\\_API\\_KEY\\)._');
  });
});
