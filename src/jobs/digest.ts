import { AppError } from '../core/errors.js';
import { plural } from '../core/wording.js';
import { saveDigest } from '../db/repos/snapshots-repo.js';
import { priceOf } from '../llm/pricing.js';
import { lastCompleteWeek, weekDays } from '../reports/dates.js';
import { buildDigest, type DigestDocument } from '../reports/digest.js';
import { digestMarkdown } from '../reports/digest-markdown.js';
import { signed } from '../reports/format.js';
import { writeNarrative } from '../reports/narrative.js';
import { effectiveSources } from '../sources/catalogue.js';
import type { JobContext } from './job-context.js';
import { type JobOutcome, ok } from './job-outcome.js';
import { openLlmBackend, resolveProvider } from './llm-backend.js';
import { withJob } from './with-job.js';

export interface DigestOptions {
  /** YYYY-Www (default the last complete ISO week). */
  week?: string;
  /** Add an LLM-written overview, paid under the budget. */
  narrative?: boolean;
  /** Send the Markdown to the alert channels. */
  post?: boolean;
}

export interface DigestResult {
  week: string;
  doc: DigestDocument;
  markdown: string;
  /** Per channel: `ok` or why it was not posted; null without `post`. */
  posted: Record<string, string> | null;
}

/** The ISO week a digest is for: the one asked (when it is over), else the last complete one. */
export function digestWeek(ctx: JobContext, week: string | undefined): string {
  const today = ctx.clock().toISOString().slice(0, 10);
  const chosen = week ?? lastCompleteWeek(today);
  const { sunday } = weekDays(chosen);
  if (sunday >= today)
    throw new AppError('usage', `--week ${chosen} is not over yet (it ends on ${sunday}; today is ${today} UTC)`);
  return chosen;
}

/**
 * Builds the digest of a week under the `digest` lock and stores it (re-running rewrites it);
 * optionally adds the narrative and posts the Markdown.
 */
export async function digestJob(ctx: JobContext, options: DigestOptions = {}): Promise<JobOutcome<DigestResult>> {
  const { config } = ctx;
  const week = digestWeek(ctx, options.week);
  if (options.post && !config.alerts.slackWebhookUrl && !config.alerts.webhookUrl)
    throw new AppError(
      'config',
      '--post needs alerts.slackWebhookUrl or alerts.webhookUrl (or SLACK_WEBHOOK_URL / ALERT_WEBHOOK_URL)',
    );
  const provider = options.narrative ? resolveProvider(config, undefined) : 'offline';
  const price = provider === 'openai' ? priceOf(config.llm.model, config.pricing) : null;

  const result = await withJob(ctx, 'digest', { lock: true }, ({ db, alerter, record }) =>
    record(async (runId) => {
      const doc = await buildDigest(db, config, effectiveSources(config), week, ctx.clock());
      if (options.narrative) {
        doc.narrative = price
          ? await writeNarrative(doc, await openLlmBackend(ctx, db, config.llm.model, price, runId))
          : { text: null, note: 'Narrative skipped: no LLM is configured (set OPENAI_API_KEY).' };
        if (doc.narrative.note) ctx.logger.warn(doc.narrative.note);
      }
      const markdown = digestMarkdown(doc);
      await saveDigest(db, week, JSON.stringify(doc), markdown, ctx.clock().toISOString());
      if (config.alerts.digest && alerter)
        await alerter.once({
          key: `digest:${week}`,
          severity: 'info',
          title: `Digest ${week} is ready`,
          text: headline(doc),
          fields: { week },
        });
      let posted: Record<string, string> | null = null;
      if (options.post && alerter) {
        posted = await alerter.postDocument(`AGI progress digest ${week}`, markdown);
        for (const [channel, status] of Object.entries(posted))
          if (status !== 'ok') ctx.logger.warn(`digest not posted to ${channel}: ${status}`);
      }
      const events = doc.topEvents.reduce((n, g) => n + g.events.length, 0);
      return {
        status: 'success',
        counts: { week, events, records: doc.records.length, posted },
        result: { week, doc, markdown, posted },
      };
    }),
  );
  return ok(result);
}

function headline(d: DigestDocument): string {
  const equal = d.index.presets[0];
  const move = equal?.weekMovement;
  const week = move === null || move === undefined ? '' : ` (${signed(move)} this week)`;
  return (
    `Index (${equal?.name ?? 'n/a'}) ${equal?.overall.toFixed(3) ?? 'n/a'}${week}; ` +
    `${plural(d.records.length, 'new signpost record')}.`
  );
}
