import { noticeShortText } from '../templates/render';
import { failure, type DeliveryResult, type ReminderChannelAdapter, type ReminderDelivery } from './delivery.port';

export interface HttpMessageOptions {
  /** The provider's endpoint (O2C_SMS_URL, O2C_VOICEMAIL_URL); undefined when none is configured. */
  readonly url: string | undefined;
  readonly kind: 'sms' | 'voicemail';
  /** Tries within one delivery on 5xx, 429 and network errors. Default 3. */
  readonly tries?: number;
  /** Wait before try n (1-based) after the first. Default 200 ms * 2^(n-1). */
  readonly backoffMs?: (retry: number) => number;
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const PHONE = /^\+?[0-9][0-9 .-]{5,19}$/;

/**
 * An SMS (or voicemail) provider over HTTP: POST JSON with the reminder's
 * message id as the `Idempotency-Key` header, so the provider sends once
 * however many times we ask. 2xx: sent (the provider's `id`); 4xx: the
 * number is refused, a permanent failure (bad_address); 5xx, 429, network:
 * retried here with exponential backoff, then a transient failure the
 * dispatcher retries later.
 */
export class HttpMessageChannel implements ReminderChannelAdapter {
  constructor(private readonly options: HttpMessageOptions) {}

  async deliver(delivery: ReminderDelivery): Promise<DeliveryResult> {
    const { url, kind } = this.options;
    if (!url) return failure('provider_error', false, `no ${kind} provider is configured`);
    const phone = delivery.request.recipient.phone;
    if (!phone) return failure('bad_address', true, 'the recipient has no phone number');
    if (!PHONE.test(phone)) return failure('bad_address', true, `"${phone}" is not a phone number`);
    const body = JSON.stringify({
      kind,
      to: phone.replace(/[ .-]/g, ''),
      text: noticeShortText(delivery.notice, delivery.request.items.length),
      reference: delivery.messageId,
      language: delivery.notice.language,
    });
    const tries = Math.max(1, this.options.tries ?? 3);
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    let last = '';
    for (let attempt = 1; attempt <= tries; attempt++) {
      if (attempt > 1) await sleep(this.options.backoffMs?.(attempt - 1) ?? 200 * 2 ** (attempt - 2));
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': delivery.messageId },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        const text = await response.text();
        if (response.ok) {
          let id: unknown;
          try {
            id = (JSON.parse(text) as { id?: unknown }).id;
          } catch {
            id = undefined;
          }
          return { ok: true, providerMessageId: typeof id === 'string' && id ? id : delivery.messageId };
        }
        last = `HTTP ${response.status}: ${text.slice(0, 200)}`;
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) return failure('bad_address', true, last);
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
    }
    return failure('provider_error', false, `${kind} provider failed ${tries} times: ${last}`);
  }
}
