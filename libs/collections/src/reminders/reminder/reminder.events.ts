import type { DomainEvent } from '@o2c/kernel';
import type { ReminderChannel, ReminderLanguage, ReminderRequest } from '../reminder-port';

export const REMINDER_CATEGORY = 'reminder';
export const reminderStream = (reminderId: string): string => `${REMINDER_CATEGORY}-${reminderId}`;

export const DELIVERY_FAILURE_REASONS = ['bounce', 'bad_address', 'provider_error'] as const;
export type DeliveryFailureReason = (typeof DELIVERY_FAILURE_REASONS)[number];

/** The reminder was decided: what it says (its request) and a digest of the rendered content, so what went out is provable. */
export type ReminderDue = DomainEvent<
  'ReminderDue',
  {
    readonly reminderId: string;
    readonly accountId: string;
    readonly channel: ReminderChannel;
    readonly language: ReminderLanguage;
    readonly request: ReminderRequest;
    /** The stable id of the one message this reminder is: the e-mail Message-ID, the SMS idempotency key, the letter's file name. */
    readonly messageId: string;
    /** sha256 (hex) of the rendered notice. */
    readonly contentDigest: string;
    /** The notice's date (YYYY-MM-DD), printed on it. */
    readonly issuedOn: string;
    readonly dueAt: string;
  }
>;

/** What a delivered reminder was about, carried on its delivery facts so they translate to published contracts alone. */
export interface ReminderSubject {
  readonly stepId: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly invoiceIds: readonly string[];
  readonly totalMinor: number;
  readonly currency: string;
}

export type ReminderSent = DomainEvent<
  'ReminderSent',
  ReminderSubject & {
    readonly reminderId: string;
    readonly accountId: string;
    readonly channel: ReminderChannel;
    readonly messageId: string;
    readonly providerMessageId: string;
    /** Letters: where the rendered PDF is stored. */
    readonly documentPath?: string;
    /** Digest of what was actually sent: equal to ReminderDue's unless the templates changed in between. */
    readonly contentDigest?: string;
    readonly attempt: number;
    readonly sentAt: string;
  }
>;

/** A registered letter is the formal notice (mise en demeure): recorded beside ReminderSent, it must precede any agency placement. */
export type FormalNoticeSent = DomainEvent<
  'FormalNoticeSent',
  ReminderSubject & { readonly reminderId: string; readonly accountId: string; readonly documentPath?: string; readonly sentAt: string }
>;

export type ReminderDeliveryFailed = DomainEvent<
  'ReminderDeliveryFailed',
  {
    readonly reminderId: string;
    readonly accountId: string;
    readonly channel: ReminderChannel;
    readonly messageId: string;
    readonly reason: DeliveryFailureReason;
    /** Permanent: no further attempt; someone must fix the contact (a task). Otherwise it is retried with backoff. */
    readonly permanent: boolean;
    readonly detail: string;
    readonly attempt: number;
    readonly failedAt: string;
  }
>;

export type ReminderEvent = ReminderDue | ReminderSent | FormalNoticeSent | ReminderDeliveryFailed;
