import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { eventsDir, execSql, ledger } from '../helpers/analyze-fixture.js';
import { runCli } from '../helpers/cli.js';
import { type FakeOpenAi, startFakeOpenAi, validAnswer } from '../helpers/fake-openai.js';
import type { TestServer } from '../helpers/server.js';
import { migrations } from '../../src/db/migrations/index.js';

let servers: TestServer[] = [];
let llm: FakeOpenAi | undefined;
afterEach(async () => {
  for (const s of servers) await s.close();
  await llm?.close();
  servers = [];
  llm = undefined;
});
const track = (s: TestServer) => servers.push(s);
const env = (extra: Record<string, string> = {}) => ({
  OPENAI_API_KEY: 'sk-test',
  OPENAI_BASE_URL: llm?.baseUrl ?? '',
  ...extra,
});
// $1 per 1M prompt tokens and nothing for output: a call's worst case is about its prompt bytes in µ$.
const bytePricing = { pricing: { 'gpt-4o-mini': { input: 1, cachedInput: 1, output: 0 } } };

describe('no answer from an endpoint moves the ledger past the hard limit', () => {
  it('settles unbelievable usage at the reservation, records the anomaly, and budget shows it', async () => {
    const hostile: unknown[] = [
      { prompt_tokens: -1e12, completion_tokens: -5, total_tokens: 0 }, // once settled at −$2.5M
      { prompt_tokens: 'abc', completion_tokens: 10, total_tokens: 10 }, // once crashed the run
      { prompt_tokens: 1e15, completion_tokens: 1e15, total_tokens: 2e15 }, // once settled $3e12
      { prompt_tokens: 500, completion_tokens: 80, total_tokens: 580, prompt_tokens_details: { cached_tokens: -1e12 } },
      { completion_tokens: 80, total_tokens: 80 }, // no prompt count: not $0
      { prompt_tokens: 1.5, completion_tokens: 80, total_tokens: 81.5 },
      { prompt_tokens: 500, completion_tokens: 80, total_tokens: 580, prompt_tokens_details: { cached_tokens: 900 } },
    ];
    llm = await startFakeOpenAi((_req, n) => ({ kind: 'answer', rawUsage: hostile[n - 1] }));
    const dir = await eventsDir(track, hostile.length, { budget: { hardLimitUsd: 1 } });
    const res = await runCli(['analyze', '--json', '--concurrency', '1'], { cwd: dir, env: env() });
    expect(res.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ analyzed: hostile.length, failed: 0 });
    const { rows, spent } = ledger(dir);
    expect(rows).toHaveLength(hostile.length);
    for (const r of rows) {
      expect(r.state).toBe('settled');
      expect(r.cost_usd).toBe(r.reserved_usd);
      expect(r.anomaly).toMatch(/settled at its worst case/);
    }
    expect(rows[1]?.anomaly).toMatch(/prompt_tokens="abc"/);
    expect(rows[1]?.input_tokens).toBeNull();
    expect(res.stderr).toMatch(/LLM call \d+: usage is not a token count/);

    const budget = await runCli(['budget', '--json'], { cwd: dir });
    expect(budget.code).toBe(0);
    const b = JSON.parse(budget.stdout);
    expect(b.today.spentUsd).toBeCloseTo(spent, 6);
    expect(b.anomalies).toHaveLength(hostile.length);
    expect(b.anomalies[0]).toMatchObject({
      model: 'gpt-4o-mini',
      anomaly: expect.stringMatching(/more cached tokens \(900\) than prompt tokens/),
    });
    const text = await runCli(['budget'], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/anomalies \(usage not believed/);
  });

  it('budget never crashes on any ledger content, and no row lowers the total', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = await eventsDir(track, 1);
    expect((await runCli(['analyze'], { cwd: dir, env: env() })).code).toBe(0);
    const before = JSON.parse((await runCli(['budget', '--json'], { cwd: dir })).stdout).today.spentUsd as number;
    const day = new Date().toISOString().slice(0, 10);
    const insert =
      `insert into llm_calls (at, day, model, state, reserved_usd, cost_usd, ` +
      `lease_until, pid, host) values (?, ?, 'gpt-4o-mini', ?, ?, ?, ?, 1, 'h')`;
    const at = new Date().toISOString();
    const staged: unknown[][] = [
      ['settled', 0.001, -2.5e6, at], // what negative usage once left behind
      ['settled', 0.001, 'abc', at],
      ['settled', 0.001, 3e12, at],
      ['reserved', -5, 0, '2999-01-01T00:00:00Z'],
    ];
    for (const row of staged) {
      execSql(dir, insert, at, day, ...row);
      for (const args of [
        ['budget'],
        ['budget', '--json', '--days', '7'],
        ['budget', '--check'],
        ['status', '--json'],
      ]) {
        const res = await runCli(args, { cwd: dir });
        expect(res.stderr, args.join(' ')).not.toMatch(/Invalid count value|RangeError|at .*\.js:\d+/);
        expect([0, 1], args.join(' ')).toContain(res.code);
      }
    }
    const b = JSON.parse((await runCli(['budget', '--json'], { cwd: dir })).stdout);
    // The three bad settled rows count at their reservation ($0.001 each), the bad reservation at $0.
    expect(b.today.spentUsd).toBeCloseTo(before + 0.003, 9);
    expect(b.today.reservedUsd).toBe(0);
  }, 90_000); // 17 CLI runs: more than the default 30 s on a loaded two-core machine

  it('an event whose worst case can never fit fails alone; the others are analysed, with no budget stop', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer', usage: { prompt: 500, completion: 80 } }));
    // About $0.0045 for a normal call and $0.0105 for the one with 6 KB of text, against $0.008.
    const dir = await eventsDir(track, 2, { ...bytePricing, budget: { hardLimitUsd: 0.008, dailyWarningUsd: 0.01 } }, [
      { title: 'A very long story', description: '€'.repeat(4000), date: '2026-11-03T00:00:00Z' },
    ]);
    const res = await runCli(['analyze', '--json', '--concurrency', '1'], { cwd: dir, env: env() });
    expect(res.code).toBe(1);
    const report = JSON.parse(res.stdout);
    expect(report).toMatchObject({ analyzed: 2, failed: 1, budgetStopped: false, skippedForBudget: 0 });
    expect(report.events[0].error).toMatch(
      /its worst case \(\$0\.010\d+\) can never fit under the daily hard limit of \$0\.008/,
    );
    expect(res.stderr).not.toMatch(/budget: no further call fits/);
    const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
    expect(h.prepare("select count(*) from alerts where key like 'budget-stop%'").pluck().get()).toBe(0);
    h.close();
  });

  it('caps every prompt field: a 100 KB link is left out, so its event is analysed like any other', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer', usage: { prompt: 500, completion: 80 } }));
    const dir = await eventsDir(track, 2, { ...bytePricing, budget: { hardLimitUsd: 0.015, dailyWarningUsd: 0.01 } });
    // What an older version stored (ingest now refuses such links).
    execSql(dir, `update events set url = ? where id = 1`, `https://lab.example/${'a'.repeat(100_000)}`);
    const res = await runCli(['analyze', '--json', '--concurrency', '1'], { cwd: dir, env: env() });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ analyzed: 2, budgetStopped: false });
    for (const call of llm.calls) expect(JSON.stringify(call).length).toBeLessThan(20_000);
  });

  it('exit 4 from analyze and budget --check agree: the monthly limit', async () => {
    // $0.005 a call against a worst case of about $0.0045 and a monthly limit of $0.012.
    llm = await startFakeOpenAi(() => ({ kind: 'answer', usage: { prompt: 5000, completion: 80 } }));
    const dir = await eventsDir(track, 5, { ...bytePricing, budget: { hardLimitUsd: 50, monthlyLimitUsd: 0.012 } });
    const res = await runCli(['analyze', '--json', '--concurrency', '1'], { cwd: dir, env: env() });
    expect(res.code).toBe(4);
    expect(JSON.parse(res.stdout)).toMatchObject({
      analyzed: 2,
      budgetStopped: true,
      budgetLimit: 'monthly',
      skippedForBudget: 3,
    });
    expect(res.stderr).toMatch(/budget: no further call fits under the monthly limit of \$0\.012 this month/);
    const check = await runCli(['budget', '--check', '--json'], { cwd: dir });
    expect(check.code).toBe(4);
    expect(JSON.parse(check.stdout).today).toMatchObject({ status: 'exceeded', exceededLimit: 'monthly' });
  });

  it('analyze and budget --check agree on exit 4: a large event that does not fit waits, small ones go', async () => {
    // $0.001 a call; worst cases about $0.0045 (small) and $0.0105 (long) against $0.011: the
    // long one fits an empty day but not after the first call; the second small one still fits.
    llm = await startFakeOpenAi(() => ({ kind: 'answer', usage: { prompt: 1000, completion: 80 } }));
    const dir = await eventsDir(track, 0, { ...bytePricing, budget: { hardLimitUsd: 0.011, dailyWarningUsd: 0.02 } }, [
      { title: 'First small story', description: 'A short text.', date: '2026-11-04T00:00:00Z' },
      { title: 'A very long story', description: '€'.repeat(4000), date: '2026-11-03T00:00:00Z' },
      { title: 'Second small story', description: 'A short text.', date: '2026-11-02T00:00:00Z' },
    ]);
    const res = await runCli(['analyze', '--json', '--concurrency', '1'], { cwd: dir, env: env() });
    const check = await runCli(['budget', '--check'], { cwd: dir });
    expect(res.code === 4, JSON.stringify(ledger(dir).rows.map((r) => r.reserved_usd))).toBe(check.code === 4);
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report).toMatchObject({ analyzed: 2, skippedForBudget: 1, budgetStopped: false });
    expect(report.events.find((e: { status: string }) => e.status === 'skipped').error).toMatch(
      /does not fit in what is left/,
    );
    expect(res.stderr).toMatch(/1 event\(s\) too large for what is left of today's budget: left for later/);
    expect(ledger(dir).analyses.map((a) => a.status)).toEqual(['ok', 'pending', 'ok']);
  });
});

describe('analyze --event N --force', () => {
  it('keeps the paid analysis when a new one fails (network, budget), replaces it only on success', async () => {
    let mode: 'ok' | 'down' | 'new' = 'ok';
    llm = await startFakeOpenAi(() =>
      mode === 'down'
        ? { kind: 'status', status: 500 }
        : {
            kind: 'answer',
            content: JSON.stringify({
              ...validAnswer,
              summary: mode === 'new' ? 'A second look.' : validAnswer.summary,
            }),
          },
    );
    const dir = await eventsDir(track, 1, { llm: { retries: 0 } });
    expect((await runCli(['analyze'], { cwd: dir, env: env() })).code).toBe(0);
    const paid = ledger(dir).analyses[0];
    expect(paid).toMatchObject({ status: 'ok', summary: validAnswer.summary });

    mode = 'down';
    expect((await runCli(['analyze', '--event', '1', '--force'], { cwd: dir, env: env() })).code).toBe(1);
    expect(ledger(dir).analyses[0]).toMatchObject({ status: 'ok', summary: validAnswer.summary });
    mode = 'ok';
    const broke = await runCli(['analyze', '--event', '1', '--force'], {
      cwd: dir,
      env: env({ LLM_BUDGET_HARD_LIMIT_USD: '0.0000001' }),
    });
    expect(broke.code).toBe(4);
    expect(ledger(dir).analyses[0]).toMatchObject({ status: 'ok', summary: validAnswer.summary });
    const shown = JSON.parse((await runCli(['events', 'show', '1', '--json'], { cwd: dir })).stdout);
    expect(shown.analyses.find((a: { provider: string }) => a.provider === 'openai')).toMatchObject({ status: 'ok' });

    mode = 'new';
    expect((await runCli(['analyze', '--event', '1', '--force'], { cwd: dir, env: env() })).code).toBe(0);
    expect(ledger(dir).analyses[0]).toMatchObject({ status: 'ok', summary: 'A second look.' });
    expect(ledger(dir).analyses).toHaveLength(1);
  });
});

describe('the API key', () => {
  it('is validated at load: a key with a line break is a config error (exit 2), never echoed or billed', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = await eventsDir(track, 1);
    for (const args of [['analyze'], ['analyze', '--json'], ['config', 'check']]) {
      const res = await runCli(args, { cwd: dir, env: env({ OPENAI_API_KEY: 'sk-line\nbreak-SECRET' }) });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toMatch(/llm\.apiKey must be printable ASCII with no spaces/);
      expect(res.stdout + res.stderr).not.toContain('SECRET');
    }
    expect(llm.calls).toHaveLength(0);
    expect(ledger(dir).rows).toHaveLength(0);
  });
});

describe('migration 0009-ledger-anomalies', () => {
  it('corrects rows an earlier version settled outside [0, reservation] and marks them as anomalies', async () => {
    llm = await startFakeOpenAi(() => ({ kind: 'answer' }));
    const dir = await eventsDir(track, 1);
    expect((await runCli(['analyze'], { cwd: dir, env: env() })).code).toBe(0);
    // Back to the schema before 0009, with what negative and absurd usage once left in the ledger.
    const h = new Sqlite(join(dir, 'agi-tracker.db'));
    h.exec('alter table llm_calls drop column anomaly');
    // …and without what the migrations after 0009 added, as they run again from there.
    h.exec('drop table eval_runs');
    h.exec('alter table analyses drop column filters_hash');
    h.exec('drop table email_sends');
    h.exec('drop table llm_batch_requests');
    h.exec('drop table llm_batches');
    h.exec('drop table signpost_readings');
    h.pragma(`user_version = ${migrations.findIndex((m) => m.name === '0009-ledger-anomalies')}`);
    const day = new Date().toISOString().slice(0, 10);
    const insert = h.prepare(
      `insert into llm_calls (at, day, model, state, reserved_usd, cost_usd, lease_until, ` +
        `pid, host) values (?, ?, 'gpt-4o-mini', 'settled', 0.002, ?, ?, 1, 'h')`,
    );
    for (const cost of [-2.5e6, 3e12]) insert.run(new Date().toISOString(), day, cost, new Date().toISOString());
    h.close();
    expect((await runCli(['budget'], { cwd: dir })).code).toBe(0);
    const rows = ledger(dir).rows;
    expect(rows[0]?.anomaly).toBeNull(); // the honest call is untouched
    for (const r of rows.slice(1))
      expect(r).toMatchObject({
        cost_usd: 0.002,
        anomaly: expect.stringMatching(/settled outside \[0, its reservation\] by an earlier version/),
      });
  });
});
