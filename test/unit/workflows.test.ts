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
    expect(files.sort()).toEqual(['ci.yml', 'pages.yml', 'pipeline.yml']);
    const pipeline = parse(readFileSync(`${WORKFLOWS}pipeline.yml`, 'utf8'));
    expect(pipeline.concurrency).toMatchObject({ group: expect.any(String), 'cancel-in-progress': false });
    expect(pipeline.on.schedule.length).toBeGreaterThan(0);
    const uses = pipeline.jobs.pipeline.steps.map((s: { uses?: string }) => s.uses).filter(Boolean);
    expect(uses).toEqual(
      expect.arrayContaining(['actions/cache/restore@v4', 'actions/cache/save@v4', 'actions/upload-artifact@v4']),
    );
    expect(pipeline.jobs.pipeline.env.OPENAI_API_KEY).toBe('${{ secrets.OPENAI_API_KEY }}');
    // The cache restores exactly what it saves (else it never restores and the spend ledger resets),
    // and the artifact fallback puts the database where the CLI and the cache look for it.
    const steps = pipeline.jobs.pipeline.steps as { uses?: string; run?: string; with?: Record<string, string> }[];
    const restore = steps.find((s) => s.uses === 'actions/cache/restore@v4');
    const save = steps.find((s) => s.uses === 'actions/cache/save@v4');
    const env = pipeline.jobs.pipeline.env as Record<string, string>;
    // A shared PostgreSQL database when the secret is set, else the SQLite file the cache carries.
    expect(env.AGI_TRACKER_DB).toBe(`\${{ secrets.AGI_TRACKER_DB || '${restore?.with?.path}' }}`);
    expect(env.SHARED_DB).toBe("${{ secrets.AGI_TRACKER_DB != '' }}");
    // With a shared database nothing is carried: every cache, backup and artifact-of-the-db step is off.
    const carrying = (steps as { name?: string; uses?: string; with?: { name?: string }; if?: string }[]).filter(
      (st) =>
        st.uses?.startsWith('actions/cache/') || st.with?.name === 'agi-tracker-db' || /back ?up/i.test(st.name ?? ''),
    );
    expect(carrying).toHaveLength(5);
    for (const st of carrying) expect(st.if, st.name ?? st.uses).toContain("env.SHARED_DB != 'true'");
    expect(save?.with?.path).toBe(restore?.with?.path);
    expect(save?.with?.key).toBe(restore?.with?.key);
    expect(String(restore?.with?.['restore-keys'])).toBe(String(save?.with?.key).replace(/\$\{\{.*\}\}$/, ''));
    expect(steps.find((s) => s.run?.includes('gh run download'))?.run).toContain(
      `mv data/backup.db ${restore?.with?.path}`,
    );
    // fetch tolerates exit 3 (partial) only: every source failing (exit 1) fails the run.
    const fetchStep = steps.find((s) => /agi-tracker\.js fetch/.test(s.run ?? ''));
    expect(fetchStep?.run?.trim()).toBe('node bin/agi-tracker.js fetch || [ $? -eq 3 ]');
    const artifacts = pipeline.jobs.pipeline.steps.filter(
      (s: { uses?: string }) => s.uses === 'actions/upload-artifact@v4',
    );
    expect(artifacts.map((a: { with: { name: string } }) => a.with.name)).toEqual([
      'agi-tracker-digest',
      'agi-tracker-db',
    ]);
  });

  it('publish the site after each successful pipeline run, with the official Pages actions', () => {
    const pipeline = parse(readFileSync(`${WORKFLOWS}pipeline.yml`, 'utf8'));
    const pages = parse(readFileSync(`${WORKFLOWS}pages.yml`, 'utf8'));
    expect(pages.on.workflow_run).toEqual({ workflows: [pipeline.name], types: ['completed'] });
    expect(pages.on).toHaveProperty('workflow_dispatch');
    expect(pages.permissions).toMatchObject({ pages: 'write', 'id-token': 'write', actions: 'read' });
    expect(pages.concurrency['cancel-in-progress']).toBe(false);
    const build = pages.jobs.build;
    expect(build.if).toContain("github.event.workflow_run.conclusion == 'success'");
    const steps = build.steps as { uses?: string; run?: string; id?: string; with?: Record<string, string> }[];
    const uses = steps.map((s) => s.uses).filter(Boolean);
    expect(uses).toEqual(expect.arrayContaining(['actions/configure-pages@v5', 'actions/upload-pages-artifact@v3']));
    // The pipeline's backup artifact, put where the CLI looks for the database.
    // With the shared PostgreSQL record (the AGI_TRACKER_DB secret) the site reads it instead.
    const downloadStep = steps.find((s) => s.run?.includes('gh run download')) as { run: string; if?: string };
    const download = downloadStep.run;
    expect(download).toContain('--name agi-tracker-db');
    expect(build.env.AGI_TRACKER_DB).toBe("${{ secrets.AGI_TRACKER_DB || 'data/agi-tracker.db' }}");
    expect(download).toContain('mv data/backup.db data/agi-tracker.db');
    expect(downloadStep.if).toBe("env.SHARED_DB != 'true'");
    expect(build.env.SHARED_DB).toBe("${{ secrets.AGI_TRACKER_DB != '' }}");
    expect(
      pipeline.jobs.pipeline.steps.some((s: { with?: { name?: string } }) => s.with?.name === 'agi-tracker-db'),
    ).toBe(true);
    // The site is built for the Pages URL and the folder it writes is the one uploaded.
    const site = steps.find((s) => /agi-tracker\.js site/.test(s.run ?? '')) as { run: string; env: object };
    const out = /--out (\S+)/.exec(site.run)?.[1];
    expect(steps.find((s) => s.uses === 'actions/upload-pages-artifact@v3')?.with?.path).toBe(out);
    const pagesId = steps.find((s) => s.uses === 'actions/configure-pages@v5')?.id;
    expect(site.env).toEqual({ AGI_TRACKER_BASE_URL: `\${{ steps.${pagesId}.outputs.base_url }}/` });
    const deploy = pages.jobs.deploy;
    expect(deploy.needs).toBe('build');
    expect(deploy.environment.name).toBe('github-pages');
    expect(deploy.steps.map((s: { uses?: string }) => s.uses)).toContain('actions/deploy-pages@v4');
  });

  it('run only agi-tracker commands that exist', () => {
    for (const file of files) {
      const commands = commandsIn(parse(readFileSync(`${WORKFLOWS}${file}`, 'utf8')));
      for (const [name, sub] of commands) {
        const cmd = program.commands.find((c) => c.name() === name);
        expect(cmd, `${file}: agi-tracker ${name}`).toBeDefined();
        // A group runs only through a subcommand; a command with subcommands and its own action
        // (analyze, with analyze eval) runs alone too.
        const runsAlone = cmd !== undefined && (cmd as unknown as { _actionHandler: unknown })._actionHandler !== null;
        if (cmd && cmd.commands.length > 0 && !(sub === undefined && runsAlone))
          expect(
            cmd.commands.map((c) => c.name()),
            `${file}: ${name} ${sub}`,
          ).toContain(sub);
      }
    }
    const pipeline = commandsIn(parse(readFileSync(`${WORKFLOWS}pipeline.yml`, 'utf8'))).map((c) => c[0]);
    expect(pipeline).toEqual([
      'fetch',
      'analyze',
      'snapshot',
      'digest',
      'digest',
      'cleanup',
      'status',
      'status',
      'backup',
    ]);
    const ci = parse(readFileSync(`${WORKFLOWS}ci.yml`, 'utf8'));
    expect(JSON.stringify(ci)).toContain('bash .ci/run');
  });
});
