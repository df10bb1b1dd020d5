import { readFileSync, statSync } from 'node:fs';
import { addConfigSources } from '../../config/write-config-sources.js';
import { DEFAULT_CONFIG_FILE } from '../../config/load-config.js';
import { AppError, ExitCode, errorMessage } from '../../core/errors.js';
import { checkOutputPath, writeFileAtomically } from '../../core/output-file.js';
import { plainDeep } from '../../core/plain-text.js';
import { EVIDENCE_TIERS, type EvidenceTier } from '../../core/types.js';
import { builtInCatalogue, effectiveSources } from '../../sources/catalogue.js';
import { parseOpml, renderOpml } from '../../sources/opml.js';
import { planImport } from '../../sources/opml-import.js';
import type { CommandContext } from '../context.js';
import { renderTable, truncate } from '../render/table.js';
import { plural } from '../../core/wording.js';

/** An OPML reading list is a few kilobytes; anything this big is not one. */
const MAX_OPML_BYTES = 10 * 1024 * 1024;

export interface SourcesImportFlags {
  tier?: string;
  category?: string;
  dryRun?: boolean;
}

/** Adds the feeds of an OPML file to the config file's sources (written atomically). */
export async function sourcesImportCommand(
  ctx: CommandContext,
  file: string,
  flags: SourcesImportFlags,
): Promise<number> {
  const tier = flags.tier?.toUpperCase();
  if (tier !== undefined && !EVIDENCE_TIERS.includes(tier as EvidenceTier))
    throw new AppError('usage', `--tier must be one of ${EVIDENCE_TIERS.join(', ')} (got "${flags.tier}")`);
  if (flags.category !== undefined && flags.category.trim() === '')
    throw new AppError('usage', '--category must not be empty');
  const opml = readOpml(file);
  const existing = effectiveSources(ctx.loaded.config);
  const plan = planImport(existing, opml.feeds, { tier: tier as EvidenceTier | undefined, category: flags.category });
  const path = ctx.loaded.file ?? DEFAULT_CONFIG_FILE;
  const seeded =
    flags.dryRun || plan.added.length === 0
      ? false
      : (await addConfigSources(path, plan.added, builtInCatalogue())).seeded;
  const skipped = [...plan.skipped, ...opml.skipped.map((s) => ({ title: s.outline, url: '', reason: s.reason }))];
  if (ctx.io.json) {
    ctx.io.out(JSON.stringify(plainDeep({ config: path, dryRun: flags.dryRun === true, added: plan.added, skipped })));
    return ExitCode.ok;
  }
  if (plan.added.length > 0)
    ctx.io.out(
      renderTable(
        ['id', 'kind', 'tier', 'category', 'url'],
        plan.added.map((s) => [s.id, s.kind, s.tier, truncate(s.category, 20), truncate(s.url, 70)]),
        ctx.io.color,
      ),
    );
  for (const s of skipped) ctx.io.out(`skipped ${truncate(s.title || s.url, 60)}: ${s.reason}`);
  const verb = flags.dryRun ? 'would add' : 'added';
  ctx.io.out(`${verb} ${plural(plan.added.length, 'source')} to ${path}, skipped ${skipped.length}`);
  if (seeded) ctx.io.out(`${path} had no "sources" list: the built-in catalogue was written into it first`);
  return ExitCode.ok;
}

function readOpml(file: string): ReturnType<typeof parseOpml> {
  let text: string;
  try {
    if (statSync(file).size > MAX_OPML_BYTES) throw new Error(`larger than ${MAX_OPML_BYTES} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('usage', `cannot read ${file}: ${errorMessage(err)}`);
  }
  try {
    return parseOpml(text);
  } catch (err) {
    throw new AppError('usage', `${file}: ${errorMessage(err)}`);
  }
}

export interface SourcesExportFlags {
  out?: string;
}

/** The effective feed sources as OPML 2.0, on stdout or written atomically to --out. */
export async function sourcesExportCommand(ctx: CommandContext, flags: SourcesExportFlags): Promise<number> {
  if (flags.out !== undefined) checkOutputPath(flags.out, '--out');
  const sources = effectiveSources(ctx.loaded.config);
  const opml = renderOpml(sources, ctx.clock());
  const exported = sources.filter((s) => s.kind === 'feed' || s.kind === 'arxiv');
  const leftOut = sources.filter((s) => !exported.includes(s)).map((s) => s.id);
  if (flags.out !== undefined) await writeFileAtomically(flags.out, opml);
  if (ctx.io.json) {
    const body = flags.out !== undefined ? {} : { opml };
    ctx.io.out(JSON.stringify({ out: flags.out ?? null, exported: exported.length, leftOut, ...body }));
  } else if (flags.out === undefined) {
    ctx.io.out(opml.trimEnd());
  } else {
    ctx.io.out(`wrote ${plural(exported.length, 'feed')} to ${flags.out}`);
  }
  if (leftOut.length > 0 && !ctx.io.json)
    ctx.logger.info(`${plural(leftOut.length, 'source')} left out (OPML lists feeds): ${leftOut.join(', ')}`);
  return ExitCode.ok;
}
