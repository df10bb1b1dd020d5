import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';

const env = { AGI_TRACKER_NOW: '2026-11-30T12:00:00Z' };
let dir: string;

const cli = (...args: string[]) => runCli(args, { cwd: dir, env });

async function ok(...args: string[]): Promise<string> {
  const res = await cli(...args);
  expect(res.stderr, args.join(' ')).toBe('');
  expect(res.code, args.join(' ')).toBe(0);
  return res.stdout;
}

function eventId(title: string): number {
  const h = new Sqlite(join(dir, 'agi-tracker.db'), { readonly: true });
  try {
    return (
      h.prepare('select id from events where title like ? order by id limit 1').get(`${title}%`) as { id: number }
    ).id;
  } finally {
    h.close();
  }
}

interface Explained {
  signpost: { value: number | null };
  observations: { eventId: number; value: number | null; role: string; origin: string; withdrawn?: { why: string } }[];
}
const explain = async (code: string) => JSON.parse(await ok('snapshot', '--explain', code, '--json')) as Explained;

beforeEach(async () => {
  dir = tempDir();
  writeConfig(dir, { review: { by: 'ana' } });
  await ok('fetch', '--offline');
  await ok('analyze', '--provider', 'offline');
});

describe('review', () => {
  it('a reading set by a reviewer outranks the analysis, survives re-analysis and is exported', async () => {
    const paper = eventId('Sample: An Open Agent');
    expect((await explain('swe_bench_85')).observations.find((o) => o.eventId === paper)?.value).toBe(78.4);
    const set = JSON.parse(await ok('review', 'set', String(paper), 'swe_bench_85=81.5', '--why', 'table 2', '--json'));
    expect(set.review.readings).toEqual([
      { code: 'swe_bench_85', value: 81.5, by: 'ana', at: '2026-11-30T12:00:00.000Z', why: 'table 2' },
    ]);
    await ok('analyze', '--provider', 'offline', '--force');
    const after = await explain('swe_bench_85');
    const mine = after.observations.filter((o) => o.eventId === paper);
    expect(mine.map((o) => [o.value, o.origin])).toEqual([[81.5, 'review']]);
    expect(after.signpost.value).toBe(81.5);
    expect(await ok('events', 'show', String(paper))).toContain(
      'review: set swe_bench_85=81.5 by ana on 2026-11-30: table 2',
    );
    const text = await ok('snapshot', '--explain', 'swe_bench_85');
    expect(text).toMatch(/value \(reviewed\)\s+81\.5/);
    expect(text).toContain(`event ${paper}: set by ana on 2026-11-30: table 2`);

    const line = (await ok('export')).split('\n').find((l) => l.includes(`"id":${paper},`)) as string;
    expect(JSON.parse(line).review).toEqual({ verdict: null, readings: set.review.readings });
    const csv = (await ok('export', '--format', 'csv')).split('\n');
    expect(csv[0]).toMatch(/,reviewVerdict,reviewReadings,reviewedBy,reviewedAt,reviewWhy$/);
    expect(csv.find((l) => l.startsWith(`${paper},`))).toMatch(
      /,,swe_bench_85=81\.5,ana,2026-11-30T12:00:00\.000Z,table 2$/,
    );
  });

  it('reject stops an analysis counting, a later approve restores it; --by names the reviewer', async () => {
    const paper = eventId('Sample: An Open Agent');
    const board = eventId('SWE-bench Verified: Example Agent Alpha');
    await ok('review', 'retract', String(board), '--why', 'a typo on the board');
    expect((await explain('swe_bench_85')).signpost.value).toBe(78.4);
    await ok('review', 'reject', String(paper), '--by', 'bo');
    const rejected = await explain('swe_bench_85');
    expect(rejected.signpost.value).toBeNull();
    expect(rejected.observations.find((o) => o.eventId === paper)).toMatchObject({ role: 'withdrawn', value: 78.4 });
    expect(await ok('snapshot', '--explain', 'swe_bench_85')).toContain(`event ${paper}: rejected by bo on 2026-11-30`);
    await ok('review', 'approve', String(paper));
    expect((await explain('swe_bench_85')).signpost.value).toBe(78.4);
  });

  it('a retracted event counts nowhere, and the digest and --explain say so', async () => {
    const board = eventId('SWE-bench Verified: Example Agent Alpha');
    const week = await ok('digest', '--week', '2026-W48', '--format', 'json');
    expect(JSON.stringify(JSON.parse(week).topEvents)).toContain(`"id":${board}`);
    expect(await ok('review', 'retract', String(board), '--why', 'the row was *a typo*')).toMatch(/retracted/);
    const explained = await explain('swe_bench_85');
    expect(explained.signpost.value).toBe(78.4);
    expect(explained.observations.find((o) => o.eventId === board)?.withdrawn?.why).toBe('the row was *a typo*');
    const digest = JSON.parse(await ok('digest', '--week', '2026-W48', '--format', 'json'));
    expect(JSON.stringify(digest.topEvents)).not.toContain(`"id":${board}`);
    expect(digest.retracted).toMatchObject([{ id: board, by: 'ana', why: 'the row was *a typo*' }]);
    const md = await ok('digest', '--week', '2026-W48');
    expect(md).toContain('## Retracted by a reviewer (counted nowhere)');
    expect(md).toContain('retracted by ana on 2026-11-30: the row was \\*a typo\\*');
  });

  it('refuses what cannot be a decision, with the exit codes of README', async () => {
    const paper = String(eventId('Sample: An Open Agent'));
    const cases: [string[], number, RegExp][] = [
      [['review', 'retract', paper], 2, /needs --why/],
      [['review', 'set', paper, 'no_such_code=1'], 2, /unknown signpost "no_such_code"/],
      [['review', 'set', paper, 'swe_bench_85=150'], 2, /150 is refused/],
      [['review', 'set', paper, 'swe_bench_85=lots'], 2, /not a number/],
      [['review', 'approve', '99999'], 1, /no event with id 99999/],
      [['review', 'approve', 'x'], 2, /event id takes a whole number/],
    ];
    for (const [args, code, message] of cases) {
      const res = await cli(...args);
      expect(res.code, args.join(' ')).toBe(code);
      expect(res.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('lists the events worth a look, and drops each once decided', async () => {
    const cluster = eventId('A 1 GW training cluster');
    // A second analysis of the same event that disagrees (as an LLM's might).
    const h = new Sqlite(join(dir, 'agi-tracker.db'));
    h.prepare(
      `insert into analyses (event_id, provider, model, prompt_version, content_hash, status, significance, tier,
        categories, signposts, summary, rationale, created_at, updated_at)
       values (?, 'openai', 'gpt-4o-mini', 'v', 'h', 'ok', 2, 'B', '[]', '[]', 's', 'r', 'x', 'x')`,
    ).run(cluster);
    h.close();
    type Item = { id: number; reasons: { reason: string; detail: string }[] };
    const list = JSON.parse(await ok('review', 'list', '--json')) as Item[];
    const item = list.find((i) => i.id === cluster);
    expect(item?.reasons.map((r) => r.reason)).toContain('disagreement');
    const board = list.find((i) => i.id === eventId('SWE-bench Verified: Example Agent Alpha'));
    expect(board?.reasons.map((r) => r.reason)).toEqual(expect.arrayContaining(['significant', 'record']));
    await ok('review', 'approve', String(cluster));
    const after = JSON.parse(await ok('review', 'list', '--json')) as Item[];
    expect(after.map((i) => i.id)).not.toContain(cluster);
    expect(after.length).toBe(list.length - 1);
  });
});
