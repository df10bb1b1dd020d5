import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredKeys } from '../../src/config/declared-keys.js';
import { describeConfig, loadConfig } from '../../src/config/load-config.js';
import { AppError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/cli.js';

function withFile(values: unknown): string {
  const path = join(tempDir(), 'agi-tracker.config.json');
  writeFileSync(path, JSON.stringify(values));
  return path;
}

/** The config error message a load throws (and that it is a config error). */
function configError(values: unknown, env: NodeJS.ProcessEnv = {}): string {
  try {
    loadConfig({ configPath: withFile(values), env });
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('config');
    return (err as AppError).message;
  }
  throw new Error('expected a config error');
}

describe('config, declared once', () => {
  it('lists in `config check` exactly the keys the schema declares, in order, with their origin', () => {
    const loaded = loadConfig({
      configPath: withFile({ fetch: { limit: 7 } }),
      env: { AGI_TRACKER_MODEL: 'm-1' },
      flags: { db: 'x.db' },
    });
    const rows = describeConfig(loaded);
    expect(rows.map((r) => r.key)).toEqual(declaredKeys().map((k) => k.key));
    const by = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(by['fetch.limit']).toEqual({ key: 'fetch.limit', value: 7, origin: 'file' });
    expect(by['llm.model']).toEqual({ key: 'llm.model', value: 'm-1', origin: 'env' });
    expect(by.db).toEqual({ key: 'db', value: 'x.db', origin: 'flag' });
    expect(by['fetch.concurrency']).toEqual({ key: 'fetch.concurrency', value: 4, origin: 'default' });
    expect(loaded.config.fetch).toEqual({ limit: 7, concurrency: 4 });
  });

  it('reads every declared environment variable into its key, numbers as numbers, secrets redacted', () => {
    const withEnv = declaredKeys().filter((k) => k.info.env);
    expect(withEnv.map((k) => k.info.env)).toEqual(
      expect.arrayContaining([
        'AGI_TRACKER_DB',
        'OPENAI_API_KEY',
        'OPENAI_BASE_URL',
        'LLM_BUDGET_MONTHLY_USD',
        'HEALTHCHECK_URL_CLEANUP',
      ]),
    );
    const sample = (key: string, kind: string) =>
      kind === 'number' ? '12.5' : key === 'email.smtpUrl' ? 'smtps://bot:pw@mail.example' : 'https://hooks.example/x';
    const env = Object.fromEntries(
      withEnv.map((k) => [k.info.env, k.key === 'db' || k.key === 'llm.model' ? 'value-1' : sample(k.key, k.kind)]),
    );
    const loaded = loadConfig({ configPath: withFile({}), env });
    const rows = describeConfig(loaded);
    for (const k of withEnv) {
      const row = rows.find((r) => r.key === k.key);
      expect(row?.origin, k.key).toBe('env');
      if (k.info.secret) expect(row?.value, k.key).toBe('[redacted]');
    }
    expect(loaded.config.budget.monthlyLimitUsd).toBe(12.5);
    expect(loaded.config.healthchecks.cleanup).toBe('https://hooks.example/x');
  });

  it('names the key, its origin and the value got (never a secret), and every unknown key', () => {
    const message = configError(
      { http: { retries: 11, extra: 1 }, alerts: { webhookUrl: 'ftp://secret-hook' }, nope: true },
      { LLM_BUDGET_HARD_LIMIT_USD: '-3' },
    );
    expect(message).toMatch(/^invalid config \(.*agi-tracker\.config\.json\): /);
    expect(message).toContain('unknown key "http.extra"');
    expect(message).toContain('unknown key "nope"');
    expect(message).toContain('http.retries must be a whole number from 0 to 10 (from file, got 11)');
    expect(message).toContain('budget.hardLimitUsd must be a number of USD, 0 or more (from env, got -3)');
    expect(message).toContain('alerts.webhookUrl must be an http(s) URL (from file)');
    expect(message).not.toContain('secret-hook');
  });

  it('refuses a section that is not an object instead of ignoring it', () => {
    // Before: `"budget": 5` left every budget default in force without a word.
    expect(configError({ budget: 5 })).toContain('budget must be an object');
    expect(configError({ http: [] })).toContain('http must be an object');
    expect(configError({ budget: 5 }, { LLM_BUDGET_DAILY_USD: '3' })).toContain('budget must be an object');
  });

  it('checks lists and tables field by field with the same wording', () => {
    const message = configError({
      pricing: { 'my-model': { input: 1 } },
      sources: [
        { id: 'a', kind: 'feed', url: 'https://a.example/f', category: 'lab', tier: 'B', colour: 'red' },
        { id: 'a', kind: 'leaderboard', url: 'https://a.example/l', category: 'lab', tier: 'A', adapter: 'nope' },
        'x',
      ],
    });
    expect(message).toContain('pricing.my-model needs input, cachedInput and output as USD per 1M tokens (0 or more)');
    expect(message).toContain('unknown key "sources[0].colour"');
    expect(message).toContain('sources[1].id "a" is used twice');
    expect(message).toMatch(/sources\[1\]\.adapter must be one of swe-bench-verified/);
    expect(message).toContain('sources[2] must be an object');
  });
});
