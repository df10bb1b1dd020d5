import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../../src/cli/program.js';

const WORKFLOWS = fileURLToPath(new URL('../../.github/workflows/', import.meta.url));

/** Every "agi-tracker <command> [<subcommand>]" a workflow runs. */
function commandsIn(workflow: { jobs: Record<string, { steps: { run?: string }[] }> }): string[][] {
  const found: string[][] = [];
  for (const job of Object.values(workflow.jobs)) {
    for (const step of job.steps) {
      for (const m of (step.run ?? '').matchAll(/(?:bin\/agi-tracker\.js|agi-tracker)((?:\s+[a-z][\w-]*)+)/g)) {
        found.push((m[1] ?? '').trim().split(/\s+/));
      }
    }
  }
  return found;
}

describe('GitHub workflows', () => {
  const program = buildProgram(new AbortController().signal, () => {});
  const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml'));

  it('are valid YAML, and the pipeline never overlaps and carries its database', () => {
    expect(files.sort()).toEqual(['ci.yml', 'pipeline.yml']);
    const pipeline = parse(readFileSync(`${WORKFLOWS}pipeline.yml`, 'utf8'));
    expect(pipeline.concurrency).toMatchObject({ group: expect.any(String), 'cancel-in-progress': false });
    expect(pipeline.on.schedule.length).toBeGreaterThan(0);
    const uses = pipeline.jobs.pipeline.steps.map((s: { uses?: string }) => s.uses).filter(Boolean);
    expect(uses).toEqual(expect.arrayContaining(['actions/cache/restore@v4', 'actions/cache/save@v4', 'actions/upload-artifact@v4']));
    expect(pipeline.jobs.pipeline.env.OPENAI_API_KEY).toBe('${{ secrets.OPENAI_API_KEY }}');
    const artifacts = pipeline.jobs.pipeline.steps.filter((s: { uses?: string }) => s.uses === 'actions/upload-artifact@v4');
    expect(artifacts.map((a: { with: { name: string } }) => a.with.name)).toEqual(['agi-tracker-digest', 'agi-tracker-db']);
  });

  it('run only agi-tracker commands that exist', () => {
    for (const file of files) {
      const commands = commandsIn(parse(readFileSync(`${WORKFLOWS}${file}`, 'utf8')));
      for (const [name, sub] of commands) {
        const cmd = program.commands.find((c) => c.name() === name);
        expect(cmd, `${file}: agi-tracker ${name}`).toBeDefined();
        if (cmd && cmd.commands.length > 0) expect(cmd.commands.map((c) => c.name()), `${file}: ${name} ${sub}`).toContain(sub);
      }
    }
    const pipeline = commandsIn(parse(readFileSync(`${WORKFLOWS}pipeline.yml`, 'utf8'))).map((c) => c[0]);
    expect(pipeline).toEqual(['fetch', 'analyze', 'snapshot', 'digest', 'digest', 'cleanup', 'status', 'status', 'backup']);
    const ci = parse(readFileSync(`${WORKFLOWS}ci.yml`, 'utf8'));
    expect(JSON.stringify(ci)).toContain('bash .ci/run');
  });
});
