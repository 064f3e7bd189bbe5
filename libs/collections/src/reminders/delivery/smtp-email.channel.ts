import { createTransport, type Transporter } from 'nodemailer';
import { noticeHtml, noticeText } from '../templates/render';
import { failure, type DeliveryResult, type ReminderChannelAdapter, type ReminderDelivery } from './delivery.port';

export interface SmtpEmailOptions {
  /** e.g. `smtp://user:pass@mail.example:587` (O2C_SMTP_URL). */
  readonly url: string;
  /** The From header (O2C_SMTP_FROM). */
  readonly from: string;
  /** Domain part of the Message-ID. */
  readonly messageIdDomain?: string;
}

// Deliberately loose: the SMTP server is the judge; this only catches what can never be an address.
const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;
const NETWORK_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET']);

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

/**
 * E-mail over SMTP with nodemailer. The reminder's message id is the
 * Message-ID header, so a re-send after a crash is the same message for any
 * receiving system that deduplicates on it. A 5xx at RCPT is a bounce
 * (permanent); other 5xx are permanent provider errors; 4xx and network
 * errors are transient (retried with backoff by the dispatcher).
 */
export class SmtpEmailChannel implements ReminderChannelAdapter {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpEmailOptions) {
    this.transport = createTransport(options.url);
  }

  async deliver(delivery: ReminderDelivery): Promise<DeliveryResult> {
    const { recipient } = delivery.request;
    if (!recipient.email) return failure('bad_address', true, 'the recipient has no e-mail address');
    if (!EMAIL.test(recipient.email)) return failure('bad_address', true, `"${recipient.email}" is not an e-mail address`);
    const messageId = `<${delivery.messageId}@${this.options.messageIdDomain ?? 'reminders.o2c'}>`;
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: { name: recipient.name, address: recipient.email },
        subject: delivery.notice.subject,
        text: noticeText(delivery.notice),
        html: noticeHtml(delivery.notice),
        messageId,
        headers: { 'X-O2C-Reminder-Id': delivery.reminderId, 'X-O2C-Content-Digest': delivery.contentDigest },
      });
      const queued = /queued as ([^\s]+)/i.exec(String(info.response ?? ''));
      return { ok: true, providerMessageId: queued ? queued[1] : messageId };
    } catch (caught) {
      const error = caught as SmtpError;
      const detail = `${error.command ? `${error.command}: ` : ''}${error.response ?? error.message}`;
      if (error.responseCode !== undefined && error.responseCode >= 500) {
        const atRecipient = error.command === 'RCPT TO' || error.code === 'EENVELOPE';
        return failure(atRecipient ? 'bounce' : 'provider_error', true, detail);
      }
      if (error.responseCode !== undefined || (error.code !== undefined && NETWORK_ERRORS.has(error.code))) return failure('provider_error', false, detail);
      return failure('provider_error', false, detail);
    }
  }

  close(): void {
    this.transport.close();
  }
}
