import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bench = (file: string) => fileURLToPath(new URL(`../../bench/${file}`, import.meta.url));

// The benchmarks at a tiny size, so they cannot rot. No timing is asserted here: figures
// are measured by `npm run bench` and written in bench/README.md.
describe('benchmark smoke run', () => {
  it('runs the ingest, 304 and cold-start benchmarks end to end', async () => {
    const { stdout } = await run(process.execPath, [bench('run.js'), '--size', 'tiny', '--json'], { timeout: 120_000 });
    const r = JSON.parse(stdout);
    expect(r.items).toBe(80);
    for (const key of ['referenceParseMs', 'ingestMs', 'ingestPeakRssMb', 'notModifiedRerunMs']) {
      expect(r[key].runs, key).toBe(2);
      expect(r[key].median, key).toBeGreaterThan(0);
    }
    expect(Object.keys(r.coldStartRatio).sort()).toEqual(['budget', 'eventsList', 'status', 'version']);
    expect(r.ingestCpuRatio).toBeGreaterThan(0);
  }, 180_000);

  it('runs the ingest of another size against another build, run by run, without the cold start', async () => {
    const bin = fileURLToPath(new URL('../../bin/agi-tracker.js', import.meta.url));
    const args = ['--feeds', '2', '--items', '5', '--runs', '2', '--starts', '0', '--before', bin, '--json'];
    const { stdout } = await run(process.execPath, [bench('run.js'), ...args], { timeout: 120_000 });
    const r = JSON.parse(stdout);
    expect(r.items).toBe(10);
    expect(r.coldStartMs).toBeNull();
    expect(r.before.bin).toBe(bin);
    for (const key of ['ingestMs', 'ingestCpuMs', 'ingestPeakRssMb', 'notModifiedRerunMs']) {
      expect(r.before[key].runs, key).toBe(2);
      expect(r[key].runs, key).toBe(2);
    }
  }, 180_000);

  it('runs the scale benchmark: dedupe-check finds every planted pair on its record', async () => {
    const { stdout } = await run(process.execPath, [bench('scale.js'), '--size', 'tiny', '--json'], {
      timeout: 120_000,
    });
    const [r] = JSON.parse(stdout).results;
    expect(r.events).toBe(2000);
    const dedupe = r.commands['dedupe-check'];
    expect(dedupe.ms.median).toBeGreaterThan(0);
    expect([dedupe.nearFound, dedupe.apartGrouped]).toEqual([dedupe.nearPlanted, 0]);
    expect(dedupe.nearPlanted).toBeGreaterThan(10);
  }, 180_000);

  it('runs the analyze benchmark against its local endpoint', async () => {
    const { stdout } = await run(process.execPath, [bench('analyze.js'), '--events', '20', '--runs', '1', '--json'], {
      timeout: 120_000,
    });
    const r = JSON.parse(stdout);
    expect(r.results.map((x: { concurrency: number }) => x.concurrency)).toEqual([1, 4, 16]);
    for (const x of r.results) expect(x.eventsPerSecond).toBeGreaterThan(0);
  }, 180_000);

  it('runs the snapshot and digest benchmark on a small analysed record', async () => {
    const { stdout } = await run(process.execPath, [bench('snapshot.js'), '--events', '500', '--runs', '1', '--json'], {
      timeout: 120_000,
    });
    const r = JSON.parse(stdout);
    expect(r.events).toBe(500);
    expect(Object.keys(r.results)).toEqual([
      'budget (reference)',
      'snapshot',
      'snapshot --history 30',
      'digest (12-week chart)',
    ]);
    for (const s of Object.values(r.results) as { median: number }[]) expect(s.median).toBeGreaterThan(0);
  }, 180_000);

  it('runs SQLite and PostgreSQL side by side, on a PostgreSQL server of its own', async () => {
    const { stdout } = await run(process.execPath, [bench('postgres.js'), '--size', 'tiny', '--json'], {
      timeout: 240_000,
    });
    const r = JSON.parse(stdout);
    expect(Object.keys(r.parts)).toEqual(['ingest', 'calls', 'race', 'snapshot', 'dedupe']);
    const { ingest, calls, race, snapshot, dedupe } = r.parts;
    expect(ingest.items).toBe(80);
    expect(calls.calls).toBe(20);
    expect(race.racers).toBe(4);
    expect(snapshot.events).toBe(500);
    expect(Object.keys(snapshot.commands)).toEqual([
      'budget',
      'snapshot',
      'snapshot --history 30',
      'digest --format html',
    ]);
    expect(dedupe.events).toBe(2000);
    const timings = [ingest.ms, calls.ms, race.ms, dedupe.ms, ...Object.values(snapshot.commands)];
    for (const both of timings as { sqlite: { median: number }; postgres: { median: number } }[]) {
      expect(both.sqlite.median).toBeGreaterThan(0);
      expect(both.postgres.median).toBeGreaterThan(0);
    }
    for (const part of [ingest, calls, race, dedupe]) expect(part.ratio).toBeGreaterThan(0);
    expect(snapshot.copyMs.median).toBeGreaterThan(0);
    expect(typeof ingest.goal.met).toBe('boolean');
    expect(typeof calls.goal.met).toBe('boolean');
  }, 300_000);

  it('runs the search benchmark on a small generated record', async () => {
    const { stdout } = await run(process.execPath, [bench('search.js'), '--events', '2000', '--runs', '1', '--json'], {
      timeout: 150_000,
    });
    const r = JSON.parse(stdout);
    expect(r.events).toBe(2000);
    expect(Object.keys(r.results)).toContain('swe bench');
    for (const x of Object.values(r.results) as { query: { median: number }; hits: number }[])
      expect(x.query.median).toBeGreaterThanOrEqual(0);
    expect(r.results.model.hits).toBe(20);
  }, 180_000);

  it('takes the digest screenshots at 400 and 1200 px, or says plainly that chromium is missing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'agi-tracker-shots-'));
    const { stdout } = await run(process.execPath, [bench('digest-screenshots.js'), '--out', out, '--height', '600'], {
      timeout: 150_000,
    });
    if (/skipped, no chromium/.test(stdout)) return;
    for (const width of [400, 1200]) {
      const png = readFileSync(join(out, `digest-${width}.png`));
      expect(png.readUInt32BE(16), `digest-${width}.png width`).toBe(width); // the IHDR chunk
    }
  }, 180_000);

  it('takes the site screenshots (home, a signpost) at 400 and 1200 px, or says chromium is missing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'agi-tracker-site-shots-'));
    const { stdout } = await run(process.execPath, [bench('site-screenshots.js'), '--out', out, '--height', '600'], {
      timeout: 150_000,
    });
    if (/skipped, no chromium/.test(stdout)) return;
    for (const page of ['home', 'signpost'])
      for (const width of [400, 1200]) {
        const png = readFileSync(join(out, `site-${page}-${width}.png`));
        expect(png.readUInt32BE(16), `site-${page}-${width}.png width`).toBe(width); // the IHDR chunk
      }
  }, 180_000);
});
