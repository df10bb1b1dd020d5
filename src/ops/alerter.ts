import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import { plainDeep, plainLine } from '../core/plain-text.js';
import type { Logger } from '../core/logger.js';
import {
  type AlertRecord,
  isOpen,
  recordAlert,
  recordDelivery,
  resolveOpen,
  wasSent,
} from '../db/repos/alerts-repo.js';
import type { Database } from '../db/open-database.js';
import { NoticeAllowance } from './notice-allowance.js';
import type { Mailer } from './mailer.js';
import { postNotice } from './post-notice.js';
import { escapeMrkdwn } from '../core/escape.js';

export type Severity = 'info' | 'warning' | 'error' | 'critical';
export type Alert = Omit<AlertRecord, 'severity'> & { severity: Severity };

const TIMEOUT_MS = 3000;

/**
 * Alerts to the console (stderr), a Slack incoming webhook and a generic JSON webhook.
 * Deduplicated through the `alerts` table across runs: `raise` sends once per episode,
 * `resolve` closes the episode with a recovery notice, `once` sends a key only ever once.
 * A channel that fails is logged and never fails the job; webhook posts share the run's
 * NoticeAllowance with its healthcheck pings, so a hanging endpoint holds a run up for a
 * few seconds in all. Webhook URLs are never printed, logged or stored.
 */
export class Alerter {
  constructor(
    private readonly db: Database,
    private readonly channels: Config['alerts'],
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly allowance = new NoticeAllowance(),
    /** With `alerts.email`: the mailer and the addresses every alert goes to. */
    private readonly mail: { mailer: Mailer; to: string[] } | null = null,
  ) {}

  async raise(alert: Alert): Promise<void> {
    if (await isOpen(this.db, alert.key)) return;
    await this.send(alert, false);
  }

  async resolve(key: string, recovery: Omit<Alert, 'key'>): Promise<void> {
    if ((await resolveOpen(this.db, key, this.clock().toISOString())) === 0) return;
    await this.send({ ...recovery, key: `${key}:recovered` }, true);
  }

  async once(alert: Alert): Promise<void> {
    if (await wasSent(this.db, alert.key)) return;
    await this.send(alert, true);
  }

  /**
   * Sends a document (the digest's Markdown) to the configured webhook channels, not the
   * console. Returns per channel "ok" or the failure (never the URL); never throws.
   */
  async postDocument(title: string, markdown: string): Promise<Record<string, string>> {
    const delivery: Record<string, string> = {};
    const { slackWebhookUrl, webhookUrl } = this.channels;
    if (slackWebhookUrl) delivery.slack = await this.post(slackWebhookUrl, { text: escapeMrkdwn(markdown) }, 'slack');
    if (webhookUrl)
      delivery.webhook = await this.post(
        webhookUrl,
        plainDeep({ source: 'agi-tracker', kind: 'document', at: this.clock().toISOString(), title, markdown }),
        'webhook',
      );
    return delivery;
  }

  private async send(raw: Alert, closed: boolean): Promise<void> {
    // Alert texts carry feed text (errors quote bodies): plain text on every channel.
    const alert = plainDeep(raw);
    const at = this.clock().toISOString();
    const id = await recordAlert(this.db, alert, at, closed);
    const fields = Object.entries(alert.fields)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    const line = plainLine(`ALERT [${alert.severity}] ${alert.title}: ${alert.text}${fields ? ` (${fields})` : ''}`);
    if (alert.severity === 'error' || alert.severity === 'critical') this.logger.error(line);
    else this.logger.warn(line);
    const delivery: Record<string, string> = { console: 'ok' };
    const { slackWebhookUrl, webhookUrl } = this.channels;
    if (slackWebhookUrl) {
      const text =
        `*[${alert.severity}] ${escapeMrkdwn(alert.title)}*\n${escapeMrkdwn(alert.text)}` +
        (fields ? `\n${escapeMrkdwn(fields)}` : '');
      delivery.slack = await this.post(slackWebhookUrl, { text }, 'slack');
    }
    if (webhookUrl) {
      delivery.webhook = await this.post(webhookUrl, { source: 'agi-tracker', at, ...alert }, 'webhook');
    }
    if (this.mail) delivery.email = await this.email(this.mail, alert, fields);
    await recordDelivery(this.db, id, delivery);
  }

  private async post(url: string, body: unknown, channel: string): Promise<string> {
    const post = {
      url,
      body: JSON.stringify(body),
      contentType: 'application/json',
      retries: 1,
      timeoutMs: TIMEOUT_MS,
      urlLabel: '[webhook URL]',
    };
    const result = await postNotice(post, this.allowance);
    return result.ok ? 'ok' : this.failed(channel, result.reason);
  }

  /** One plain-text message per address; "ok", or each failed address with its reason. */
  private async email(mail: { mailer: Mailer; to: string[] }, alert: Alert, fields: string): Promise<string> {
    const failures: string[] = [];
    for (const to of mail.to) {
      const result = await mail.mailer.send({
        to,
        subject: `[agi-tracker] ${alert.severity}: ${alert.title}`,
        text: `${alert.text}${fields ? `\n\n${fields}` : ''}\n`,
      });
      if (!result.ok) failures.push(this.failed('email', `${to}: ${result.reason}`));
    }
    return failures.length ? failures.join('; ') : 'ok';
  }

  private failed(channel: string, reason: string): string {
    this.logger.warn(`alert channel ${channel} failed: ${reason}`);
    return reason;
  }
}
