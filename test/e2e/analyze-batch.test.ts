import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { eventsDir, execSql, ledger } from '../helpers/analyze-fixture.js';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';
import { rss } from '../helpers/feeds.js';
import { routes, startServer } from '../helpers/server.js';
import { type FakeOpenAi, startFakeOpenAi, validAnswer } from '../helpers/fake-openai.js';
import type { BatchAnswer } from '../helpers/fake-batch-api.js';
import type { TestServer } from '../helpers/server.js';

let servers: TestServer[] = [];
let llm: FakeOpenAi | undefined;
afterEach(async () => {
  for (const s of servers) await s.close();
  await llm?.close();
  servers = [];
  llm = undefined;
});
const track = (s: TestServer) => servers.push(s);
const env = () => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm?.baseUrl ?? '' });
const valid: BatchAnswer = { kind: 'answer', content: JSON.stringify(validAnswer) };
// gpt-4o-mini at batch prices ($0.075 / $0.0375 cached / $0.30 per 1M) for 400 + 100 cached in, 80 out.
const BATCH_COST = (400 * 0.075 + 100 * 0.0375 + 80 * 0.3) / 1e6;
const LIVE_COST = (400 * 0.15 + 100 * 0.075 + 80 * 0.6) / 1e6;

async function analyze(dir: string, ...args: string[]) {
  const res = await runCli(['analyze', '--json', ...args], { cwd: dir, env: env() });
  return { ...res, report: res.stdout ? JSON.parse(res.stdout) : null };
}

function batches(dir: string) {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  const rows = h.prepare('select * from llm_batches order by id').all() as { state: string; remote_status: string }[];
  const requests = h.prepare('select * from llm_batch_requests order by id').all() as { state: string }[];
  h.close();
  return { rows, requests };
}

describe('analyze --batch', () => {
  it('submits one batch at batch prices, holds its events, and collects it once', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = await eventsDir(track, 3);
    const submitted = await analyze(dir, '--batch');
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(submitted.report).toMatchObject({ batched: 3, analyzed: 0, batch: { requests: 3 }, collected: null });
    expect(llm.calls).toHaveLength(0); // nothing live
    const [sent] = llm.batch.batches;
    expect(sent).toMatchObject({ endpoint: '/v1/chat/completions', completionWindow: '24h' });
    expect(llm.batch.files.get(sent?.inputFileId ?? '')?.purpose).toBe('batch');
    // The same request a live call sends: model, output cap, strict schema, our system prompt first.
    for (const r of sent?.requests ?? []) {
      expect(r).toMatchObject({ method: 'POST', url: '/v1/chat/completions' });
      expect(r.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0, response_format: { type: 'json_schema' } });
      expect(r.body.messages[0]?.content).toMatch(/^You assess news items/);
    }
    const reserved = ledger(dir).rows;
    expect(reserved.map((r) => r.state)).toEqual(['reserved', 'reserved', 'reserved']);
    expect(submitted.report.batch.reservedUsd).toBeCloseTo(
      reserved.reduce((s, r) => s + r.reserved_usd, 0),
      6,
    );

    // While the batch runs, a live run claims none of its events, and budget shows it.
    const live = await analyze(dir);
    expect(live.report).toMatchObject({ analyzed: 0, collected: { checked: 1, waiting: 1, closed: 0 } });
    expect(llm.calls).toHaveLength(0);
    const budget = JSON.parse((await runCli(['budget', '--json'], { cwd: dir })).stdout);
    expect(budget.openBatches).toMatchObject([{ id: sent?.id, requests: 3, status: 'in_progress' }]);
    expect(budget.openBatches[0].reservedUsd).toBeCloseTo(submitted.report.batch.reservedUsd, 6);
    const status = JSON.parse((await runCli(['status', '--json'], { cwd: dir })).stdout);
    expect(status.budget).toMatchObject({ openBatches: 1, batchReservedUsd: budget.openBatches[0].reservedUsd });

    llm.batch.end('completed', () => valid);
    const collected = await analyze(dir, '--collect');
    expect(collected.code, collected.stderr).toBe(0);
    expect(collected.report.collected).toMatchObject({ checked: 1, closed: 1, analyzed: 3, invalid: 0, released: 0 });
    expect(collected.report.collected.spentUsd).toBeCloseTo(3 * BATCH_COST, 6);
    const after = ledger(dir);
    expect(after.analyses.map((a) => a.status)).toEqual(['ok', 'ok', 'ok']);
    for (const r of after.rows) {
      expect(r).toMatchObject({ state: 'settled', input_tokens: 500, cached_tokens: 100, output_tokens: 80 });
      expect(r.cost_usd).toBeCloseTo(BATCH_COST, 12); // half of a live call's
      expect(r.cost_usd).toBeCloseTo(LIVE_COST / 2, 12);
    }
    expect(batches(dir).rows).toMatchObject([{ state: 'closed', remote_status: 'completed' }]);

    // Collecting again finds nothing open; a batch reopened as if a run died before closing it
    // settles and stores nothing twice.
    const again = await analyze(dir, '--collect');
    expect(again.report.collected).toBeNull();
    execSql(dir, "update llm_batches set state = 'open'");
    const reopened = await analyze(dir, '--collect');
    expect(reopened.report.collected).toMatchObject({ closed: 1, analyzed: 0, released: 0, spentUsd: 0 });
    expect(ledger(dir)).toEqual(after);
    // Nothing left to analyse: the batch's analyses count like live ones.
    expect((await analyze(dir)).report).toMatchObject({ analyzed: 0, batched: 0 });
    expect(llm.calls).toHaveLength(0);
  }, 90_000);

  it('releases expired and failed requests; their events are claimed again by a later run', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = await eventsDir(track, 4);
    expect((await analyze(dir, '--batch')).report.batched).toBe(4);
    const answers: BatchAnswer[] = [valid, { kind: 'expired' }, { kind: 'error', status: 500 }, { kind: 'none' }];
    llm.batch.end('expired', (_req, i) => answers[i] ?? valid);
    // Any analyze collects first, then claims what was released, live.
    const next = await analyze(dir);
    expect(next.code, next.stderr).toBe(0);
    expect(next.report.collected).toMatchObject({ closed: 1, analyzed: 1, released: 3 });
    expect(next.report).toMatchObject({ analyzed: 3 });
    expect(llm.calls).toHaveLength(3);
    const { rows, analyses } = ledger(dir);
    expect(rows.filter((r) => r.state === 'released')).toHaveLength(3);
    expect(rows.filter((r) => r.state === 'settled')).toHaveLength(4);
    expect(analyses.map((a) => a.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(
      batches(dir)
        .requests.map((r) => r.state)
        .sort(),
    ).toEqual(['analyzed', 'released', 'released', 'released']);
  }, 60_000);

  it('a batch that failed as a whole releases everything, and a later --batch sends the events again', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = await eventsDir(track, 2);
    expect((await analyze(dir, '--batch')).report.batched).toBe(2);
    llm.batch.end('failed', () => ({ kind: 'none' }));
    const again = await runCli(['analyze', '--batch'], { cwd: dir, env: env() });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^batches: 1 of 1 collected: 0 analyzed, 0 invalid, 2 released, \$0\.0000 settled/);
    expect(again.stdout).toMatch(/0 filtered, 2 batched, \$0\.0000 spent/);
    expect(again.stdout).toMatch(/batch batch_\d+ created: 2 requests, \$0\.\d{4} reserved at batch prices/);
    expect(llm.batch.batches).toHaveLength(2);
    expect(ledger(dir).rows.map((r) => r.state)).toEqual(['released', 'released', 'reserved', 'reserved']);
  }, 60_000);

  it('rejects an invalid answer like a live one: billed, one failed attempt, nothing stored', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = await eventsDir(track, 2);
    await analyze(dir, '--batch');
    const bad = { ...validAnswer, significance: 'very' };
    llm.batch.end('completed', (_req, i) => (i === 0 ? { kind: 'answer', content: JSON.stringify(bad) } : valid));
    const res = await analyze(dir, '--collect');
    expect(res.report.collected).toMatchObject({ analyzed: 1, invalid: 1, released: 0 });
    const { rows, analyses } = ledger(dir);
    expect(rows.map((r) => r.state)).toEqual(['settled', 'settled']);
    const rejected = analyses.find((a) => a.status !== 'ok');
    expect(rejected).toMatchObject({ status: 'pending', attempts: 1, summary: null });
    expect(rejected?.error).toMatch(/significance/);
  }, 60_000);

  it('never reserves past the hard limit: cut to what fits (exit 3), refused when nothing fits (exit 4)', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = await eventsDir(track, 6);
    // One request first, to learn its worst case at batch prices (all events are the same size).
    expect((await analyze(dir, '--batch', '--max-events', '1')).code).toBe(0);
    const worst = ledger(dir).rows[0]?.reserved_usd ?? 0;
    expect(worst).toBeGreaterThan(0);
    const limit = 3.5 * worst;
    const config = JSON.parse(readFileSync(join(dir, 'agi-tracker.config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(
      join(dir, 'agi-tracker.config.json'),
      JSON.stringify({ ...config, budget: { hardLimitUsd: limit, dailyWarningUsd: limit } }),
    );
    const cut = await analyze(dir, '--batch');
    expect(cut.code, cut.stderr).toBe(3);
    expect(cut.report).toMatchObject({ batched: 2, budgetStopped: true, batch: { requests: 2 } });
    expect(cut.stderr).toMatch(/budget: the batch holds what fits/);
    const held = ledger(dir).rows.reduce((s, r) => s + r.reserved_usd, 0);
    expect(held).toBeLessThanOrEqual(limit);
    const none = await analyze(dir, '--batch');
    expect(none.code).toBe(4);
    expect(none.report).toMatchObject({ batched: 0, batch: null, budgetStopped: true });
    expect(llm.batch.batches).toHaveLength(2);
  }, 60_000);

  it('pays for a story once: its other report waits for the batch, then reuses its analysis', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const feeds = await startServer(
      routes({
        '/lab': {
          body: rss([
            { title: 'OpenAI releases o5 reasoning model', link: 'https://lab.example/o5', date: '2026-11-18T09:00Z' },
          ]),
        },
        '/news': {
          body: rss([
            {
              title: 'OpenAI Releases o5 Reasoning Model, Claims Big Gains',
              link: 'https://news.example/o5',
              date: '2026-11-18T15:00:00Z',
            },
          ]),
        },
      }),
    );
    track(feeds);
    const dir = tempDir();
    writeConfig(dir, {
      sources: [
        { id: 'lab', kind: 'feed', url: `${feeds.url}/lab`, category: 'lab', tier: 'B' },
        { id: 'news', kind: 'feed', url: `${feeds.url}/news`, category: 'news', tier: 'C' },
      ],
    });
    expect((await runCli(['fetch'], { cwd: dir })).code).toBe(0);
    expect((await analyze(dir, '--batch')).report).toMatchObject({ batched: 1, batch: { requests: 1 } });
    // A live run while the batch is open does not pay for the story again.
    const live = await analyze(dir);
    expect(live.report.events).toMatchObject([{ status: 'skipped', error: 'its story is in an open batch' }]);
    expect(llm.calls).toHaveLength(0);
    llm.batch.end('completed', () => valid);
    const after = await analyze(dir);
    expect(after.report).toMatchObject({ collected: { analyzed: 1 }, reused: 1, analyzed: 0 });
    expect(llm.calls).toHaveLength(0);
    expect(ledger(dir).rows).toHaveLength(1);
  }, 60_000);

  it('the offline provider refuses --batch with a usage error (exit 2)', async () => {
    const dir = await eventsDir(track, 1);
    const res = await runCli(['analyze', '--batch'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--batch needs the openai provider/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
  it('collects the other batches when one cannot be retrieved (exit 3, it stays open)', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = await eventsDir(track, 4);
    expect((await analyze(dir, '--batch', '--max-events', '2')).code).toBe(0);
    expect((await analyze(dir, '--batch', '--max-events', '2')).code).toBe(0);
    const [lost, kept] = llm.batch.batches;
    llm.batch.forget(lost?.id ?? '');
    expect(kept).toBeDefined();
    llm.batch.end('completed', () => valid);
    const collected = await analyze(dir, '--collect');
    expect(collected.code, collected.stderr).toBe(3);
    expect(collected.stderr).toContain(`batch ${lost?.id} not collected`);
    expect(collected.report.collected).toMatchObject({ checked: 2, closed: 1, unreachable: 1, analyzed: 2 });
    expect(batches(dir).rows.map((r) => r.state)).toEqual(['open', 'closed']);
  });

  it('keeps the reservations when the batch may exist (HTTP 500 on create), releases them on a refusal', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = await eventsDir(track, 2);
    llm.batch.failNextCreate = 500;
    const unclear = await analyze(dir, '--batch');
    expect(unclear.code).toBe(1);
    expect(llm.batch.creates).toBe(1); // never retried: a retry could create a second, unrecorded batch
    expect(unclear.stderr).toContain('may have been created');
    expect(ledger(dir).rows.map((r) => r.state)).toEqual(['reserved', 'reserved']);

    const other = await eventsDir(track, 2);
    llm.batch.failNextCreate = 400;
    const refused = await analyze(other, '--batch');
    expect(refused.code).toBe(1);
    expect(ledger(other).rows.map((r) => r.state)).toEqual(['released', 'released']);
  });

  it('holds a batch still running past its first hold: no live run claims its events', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = await eventsDir(track, 2);
    const at = (hours: number) => new Date(Date.parse('2026-11-20T00:00:00Z') + hours * 3600_000).toISOString();
    const run = (hours: number, ...args: string[]) =>
      runCli(['analyze', '--json', ...args], { cwd: dir, env: { ...env(), AGI_TRACKER_NOW: at(hours) } });
    expect((await run(0, '--batch')).code).toBe(0);
    // Checked at 47 h while still running: the hold moves to 95 h; at 60 h a live run takes nothing.
    expect(JSON.parse((await run(47)).stdout).collected).toMatchObject({ waiting: 1 });
    const live = JSON.parse((await run(60)).stdout);
    expect(live).toMatchObject({ analyzed: 0, collected: { waiting: 1 } });
    expect(llm.calls).toHaveLength(0);
    llm.batch.end('completed', () => valid);
    expect(JSON.parse((await run(61, '--collect')).stdout).collected).toMatchObject({ analyzed: 2 });
    expect(ledger(dir).rows.map((r) => r.state)).toEqual(['settled', 'settled']);
  });
});
