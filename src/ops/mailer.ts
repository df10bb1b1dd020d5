import type { Config } from '../config/config.js';
import { AppError, errorMessage } from '../core/errors.js';
import { plainLine } from '../core/plain-text.js';
import { type NoticeAllowance, NoticeTimeUp } from './notice-allowance.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export type MailResult = { ok: true } | { ok: false; reason: string };

/** A run's digest emails together may take this many attempts' time: a hanging server costs that, not more. */
export const EMAIL_ATTEMPTS_IN_ALL = 3;

/**
 * SMTP delivery through nodemailer, one message per recipient so a failure is that recipient's
 * alone. Every attempt runs under a NoticeAllowance, so a server that accepts the connection
 * and then says nothing costs the run a bounded time in all. Never throws; the SMTP URL (a
 * secret: it carries the password) never appears in a reason.
 */
export class Mailer {
  constructor(
    private readonly smtpUrl: string,
    private readonly from: string,
    private readonly allowance: NoticeAllowance,
    /** One message: connecting, the greeting and every reply must come within it. */
    private readonly attemptMs: number,
  ) {}

  async send(message: MailMessage): Promise<MailResult> {
    const { createTransport } = await import('nodemailer');
    const transport = createTransport(transportOptions(this.smtpUrl, this.attemptMs));
    try {
      await this.allowance.attempt(this.attemptMs, () =>
        transport.sendMail({
          from: this.from,
          to: message.to,
          subject: plainLine(message.subject),
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
          // Nothing of ours is an attachment: never let a message read a file or a URL.
          disableFileAccess: true,
          disableUrlAccess: true,
        }),
      );
      return { ok: true };
    } catch (err) {
      const reason =
        err instanceof NoticeTimeUp
          ? `not sent: email and notices used their ${this.allowance.totalMs / 1000} s for this run`
          : errorMessage(err);
      return { ok: false, reason: this.scrub(reason) };
    } finally {
      transport.close();
    }
  }

  private scrub(reason: string): string {
    let out = reason.split(this.smtpUrl).join('[SMTP URL]');
    const { password } = new URL(this.smtpUrl);
    if (password) out = out.split(decodeURIComponent(password)).join('[password]').split(password).join('[password]');
    return plainLine(out);
  }
}

/** nodemailer's options from an smtp:// or smtps:// URL, with every wait bounded by one attempt. */
function transportOptions(smtpUrl: string, attemptMs: number) {
  const u = new URL(smtpUrl);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    // smtp:// upgrades with STARTTLS when the server offers it, and a certificate that does not
    // verify is refused, never ignored; `?requireTLS=true` refuses a server that offers none.
    requireTLS: u.searchParams.get('requireTLS') === 'true',
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    connectionTimeout: attemptMs,
    greetingTimeout: attemptMs,
    socketTimeout: attemptMs,
  };
}

/**
 * The mailer of a config. `need` names what asks for it (`digest --email`, `alerts.email`), so
 * a half-done setup is a config error naming the missing keys.
 */
export function mailerOf(config: Config, allowance: NoticeAllowance, need: string): Mailer {
  const { smtpUrl, from, recipients } = config.email;
  const missing = [
    smtpUrl ? '' : 'email.smtpUrl (or SMTP_URL)',
    from ? '' : 'email.from',
    recipients.length ? '' : 'email.recipients',
  ].filter(Boolean);
  if (!smtpUrl || !from || missing.length) throw new AppError('config', `${need} needs ${missing.join(', ')}`);
  return new Mailer(smtpUrl, from, allowance, config.email.timeoutMs);
}
