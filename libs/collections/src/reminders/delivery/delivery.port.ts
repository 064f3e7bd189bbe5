import type { DeliveryFailureReason } from '../reminder/reminder.events';
import type { ReminderChannel, ReminderRequest } from '../reminder-port';
import type { RenderedNotice } from '../templates/render';

/** One attempt at sending one reminder. `messageId` is the same on every attempt: providers deduplicate on it. */
export interface ReminderDelivery {
  readonly reminderId: string;
  readonly accountId: string;
  readonly channel: ReminderChannel;
  readonly messageId: string;
  readonly request: ReminderRequest;
  readonly notice: RenderedNotice;
  readonly contentDigest: string;
  /** The notice's date (YYYY-MM-DD). */
  readonly issuedOn: string;
  readonly attempt: number;
}

export type DeliveryResult =
  | { readonly ok: true; readonly providerMessageId: string; readonly documentPath?: string }
  | { readonly ok: false; readonly reason: DeliveryFailureReason; readonly permanent: boolean; readonly detail: string };

/** A way of reaching a debtor (SMTP e-mail, an SMS gateway, printed letters). Never throws: every outcome is a result. */
export interface ReminderChannelAdapter {
  deliver(delivery: ReminderDelivery): Promise<DeliveryResult>;
}

export type ReminderChannels = Readonly<Record<ReminderChannel, ReminderChannelAdapter>>;

export const failure = (reason: DeliveryFailureReason, permanent: boolean, detail: string): DeliveryResult => ({ ok: false, reason, permanent, detail });
