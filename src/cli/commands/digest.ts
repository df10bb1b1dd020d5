import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, ExitCode } from '../../core/errors.js';
import { plainDeep } from '../../core/plain-text.js';
import { checkOutputPath, writeFileAtomically } from '../../core/output-file.js';
import { saveDigest } from '../../db/repos/snapshots-repo.js';
import { priceOf } from '../../llm/pricing.js';
import { Alerter } from '../../ops/alerter.js';
import { pingerFor } from '../../ops/healthcheck-ping.js';
import { runJob } from '../../ops/run-job.js';
import { lastCompleteWeek, weekDays } from '../../reports/dates.js';
import { buildDigest, type DigestDocument } from '../../reports/digest.js';
import { digestHtml } from '../../reports/digest-html.js';
import { digestMarkdown } from '../../reports/digest-markdown.js';
import { signed } from '../../reports/format.js';
import { writeNarrative } from '../../reports/narrative.js';
import { effectiveSources } from '../../sources/catalogue.js';
import type { CommandContext } from '../context.js';
import { openLlmBackend, resolveProvider } from '../llm-backend.js';
import { plural } from '../../core/wording.js';

export interface DigestFlags {
  week?: string;
  format?: string;
  out?: string;
  narrative?: boolean;
  post?: boolean;
}

/**
 * Builds the digest of an ISO week under the digest job lock, stores it (re-running
 * rewrites it), optionally adds an LLM overview and posts the Markdown, then prints or
 * writes it.
 */
export async function digestCommand(ctx: CommandContext, flags: DigestFlags): Promise<number> {
  const { config } = ctx.loaded;
  const today = ctx.clock().toISOString().slice(0, 10);
  const week = flags.week ?? lastCompleteWeek(today);
  const { sunday } = weekDays(week);
  if (sunday >= today) throw new AppError('usage', `--week ${week} is not over yet (it ends on ${sunday}; today is ${today} UTC)`);
  const format = flags.format ?? (ctx.io.json ? 'json' : 'md');
  if (!['md', 'html', 'json'].includes(format)) throw new AppError('usage', `--format must be md, html or json (got "${format}")`);
  if (flags.post && !config.alerts.slackWebhookUrl && !config.alerts.webhookUrl)
    throw new AppError('config', '--post needs alerts.slackWebhookUrl or alerts.webhookUrl (or SLACK_WEBHOOK_URL / ALERT_WEBHOOK_URL)');
  // --out <folder>: the file is named after the digest's own week (a Monday cron job runs in
  // the next week, so the shell's `date +%G-W%V` would name it wrongly).
  const out = flags.out === undefined ? undefined : isFolder(flags.out) ? join(flags.out, `digest-${week}.${format}`) : flags.out;
  if (out) checkOutputPath(out, '--out');
  const provider = flags.narrative ? resolveProvider(config, undefined) : 'offline';
  const price = provider === 'openai' ? priceOf(config.llm.model, config.pricing) : null;

  const db = await ctx.openDb();
  const alerter = new Alerter(db, config.alerts, ctx.clock, ctx.logger, ctx.notices);
  try {
    const doc = await runJob(
      'digest',
      { db, clock: ctx.clock, signal: ctx.signal, leaseMs: config.lock.leaseMs, lock: true, pinger: pingerFor(config.healthchecks, 'digest', ctx.logger, ctx.notices), alerter },
      async (runId) => {
        const d = await buildDigest(db, config, effectiveSources(config), week, ctx.clock());
        if (flags.narrative) {
          d.narrative = price
            ? await writeNarrative(d, await openLlmBackend(ctx, db, config.llm.model, price, runId))
            : { text: null, note: 'Narrative skipped: no LLM is configured (set OPENAI_API_KEY).' };
          if (d.narrative.note) ctx.logger.warn(d.narrative.note);
        }
        const markdown = digestMarkdown(d);
        await saveDigest(db, week, JSON.stringify(d), markdown, ctx.clock().toISOString());
        if (config.alerts.digest)
          await alerter.once({ key: `digest:${week}`, severity: 'info', title: `Digest ${week} is ready`, text: headline(d), fields: { week } });
        let posted: Record<string, string> | null = null;
        if (flags.post) {
          posted = await alerter.postDocument(`AGI progress digest ${week}`, markdown);
          for (const [channel, result] of Object.entries(posted)) if (result !== 'ok') ctx.logger.warn(`digest not posted to ${channel}: ${result}`);
        }
        return { status: 'success', counts: { week, events: d.topEvents.reduce((n, g) => n + g.events.length, 0), records: d.records.length, posted }, result: { d, markdown, posted } };
      },
    );
    const render = (as: string) => (as === 'json' ? JSON.stringify(plainDeep({ ...doc.d, posted: doc.posted })) : as === 'html' ? digestHtml(doc.d) : doc.markdown);
    if (out) {
      await writeFileAtomically(out, render(format));
      ctx.logger.info(`digest ${week} written to ${out}`);
      // --json promises JSON on stdout: what was written where, whatever the file's format.
      if (ctx.io.json) ctx.io.out(JSON.stringify({ week, format, out, posted: doc.posted }));
    } else ctx.io.out(render(ctx.io.json ? 'json' : format));
    return ExitCode.ok;
  } finally {
    await db.close();
  }
}

function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function headline(d: DigestDocument): string {
  const equal = d.index.presets[0];
  const move = equal?.weekMovement;
  return `Index (${equal?.name ?? 'n/a'}) ${equal?.overall.toFixed(3) ?? 'n/a'}${move === null || move === undefined ? '' : ` (${signed(move)} this week)`}; ${plural(d.records.length, 'new signpost record')}.`;
}
