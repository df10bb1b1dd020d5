import type { Config } from '../config/config.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/open-database.js';
import { recordSend, sentAt } from '../db/repos/email-sends-repo.js';
import { EMAIL_ATTEMPTS_IN_ALL, type Mailer, mailerOf } from '../ops/mailer.js';
import { NoticeAllowance } from '../ops/notice-allowance.js';
import type { DigestDocument } from '../reports/digest.js';
import { digestEmail } from '../reports/digest-email.js';
import type { JobContext } from './job-context.js';

/**
 * The mailer for `digest --email`, checked before any work: SMTP set up, every recipient's
 * preset known. Its own time allowance: a server that hangs costs a few attempts in all.
 */
export function digestMailer(ctx: JobContext): Mailer {
  const { config } = ctx;
  const allowance = new NoticeAllowance(EMAIL_ATTEMPTS_IN_ALL * config.email.timeoutMs, ctx.signal);
  const mailer = mailerOf(config, allowance, '--email');
  config.email.recipients.forEach((r, i) => {
    if (!(r.preset in config.presets))
      throw new AppError(
        'config',
        `email.recipients[${i}].preset "${r.preset}" is not a preset ` +
          `(one of ${Object.keys(config.presets).join(', ')})`,
      );
  });
  return mailer;
}

/**
 * Sends each recipient their cut of the week's digest, once per recipient and week (the
 * `email_sends` table) unless `force`. A failure is logged for its recipient and never fails
 * the job. Returns per recipient: "sent", "already sent <time>", or why it failed.
 */
export async function emailDigest(
  db: Database,
  mailer: Mailer,
  config: Config,
  doc: DigestDocument,
  options: { force: boolean; now: () => Date; logger: Logger },
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const r of config.email.recipients) {
    const before = options.force ? null : await sentAt(db, 'digest', doc.week, r.to);
    if (before) {
      out[r.to] = `already sent ${before}`;
      options.logger.info(`digest ${doc.week} already emailed to ${r.to} (${before}); --force sends it again`);
      continue;
    }
    const result = await mailer.send({ to: r.to, ...digestEmail(doc, r) });
    if (result.ok) {
      await recordSend(db, 'digest', doc.week, r.to, options.now().toISOString());
      out[r.to] = 'sent';
      options.logger.info(`digest ${doc.week} emailed to ${r.to}`);
    } else {
      out[r.to] = result.reason;
      options.logger.warn(`digest ${doc.week} not emailed to ${r.to}: ${result.reason}`);
    }
  }
  return out;
}
