import { AppError } from '../core/errors.js';
import { saveDigest } from '../db/repos/snapshots-repo.js';
import { priceOf } from '../llm/pricing.js';
import { lastCompleteWeek, weekDays } from '../reports/dates.js';
import { buildDigest, type DigestDocument } from '../reports/digest.js';
import { digestMarkdown } from '../reports/digest-markdown.js';
import { digestHeadline } from '../reports/digest-headline.js';
import { writeNarrative } from '../reports/narrative.js';
import { effectiveSources } from '../sources/catalogue.js';
import type { JobContext } from './job-context.js';
import { type JobOutcome, ok } from './job-outcome.js';
import { openLlmBackend, resolveProvider } from './llm-backend.js';
import { digestMailer, emailDigest } from './email-digest.js';
import { withJob } from './with-job.js';

export interface DigestOptions {
  /** YYYY-Www (default the last complete ISO week). */
  week?: string;
  /** Add an LLM-written overview, paid under the budget. */
  narrative?: boolean;
  /** Send the Markdown to the alert channels. */
  post?: boolean;
  /** Email each of config's recipients their cut of the digest, once per week. */
  email?: boolean;
  /** With `email`: send again to recipients who already have this week's digest. */
  force?: boolean;
}

export interface DigestResult {
  week: string;
  doc: DigestDocument;
  markdown: string;
  /** Per channel: `ok` or why it was not posted; null without `post`. */
  posted: Record<string, string> | null;
  /** Per recipient: "sent", "already sent <time>" or why not; null without `email`. */
  emailed: Record<string, string> | null;
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
 * optionally adds the narrative, posts the Markdown and emails each recipient their cut.
 */
export async function digestJob(ctx: JobContext, options: DigestOptions = {}): Promise<JobOutcome<DigestResult>> {
  const { config } = ctx;
  const week = digestWeek(ctx, options.week);
  if (options.post && !config.alerts.slackWebhookUrl && !config.alerts.webhookUrl)
    throw new AppError(
      'config',
      '--post needs alerts.slackWebhookUrl or alerts.webhookUrl (or SLACK_WEBHOOK_URL / ALERT_WEBHOOK_URL)',
    );
  const mailer = options.email ? digestMailer(ctx) : null;
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
          text: digestHeadline(doc),
          fields: { week },
        });
      let posted: Record<string, string> | null = null;
      if (options.post && alerter) {
        posted = await alerter.postDocument(`AGI progress digest ${week}`, markdown);
        for (const [channel, status] of Object.entries(posted))
          if (status !== 'ok') ctx.logger.warn(`digest not posted to ${channel}: ${status}`);
      }
      const emailed = mailer
        ? await emailDigest(db, mailer, config, doc, {
            force: options.force ?? false,
            now: ctx.clock,
            logger: ctx.logger,
          })
        : null;
      const events = doc.topEvents.reduce((n, g) => n + g.events.length, 0);
      // Counts name no recipient (job_runs is no address book): how many of each outcome.
      const mails = emailed && {
        sent: Object.values(emailed).filter((s) => s === 'sent').length,
        skipped: Object.values(emailed).filter((s) => s.startsWith('already sent')).length,
        failed: Object.values(emailed).filter((s) => s !== 'sent' && !s.startsWith('already sent')).length,
      };
      return {
        status: 'success',
        counts: { week, events, records: doc.records.length, posted, emailed: mails },
        result: { week, doc, markdown, posted, emailed },
      };
    }),
  );
  return ok(result);
}
