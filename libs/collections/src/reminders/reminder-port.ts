import type { CommandContext } from '@o2c/kernel';

/** The seam between the dunning scheduler and delivery: the scheduler decides, this port sends. */
export const REMINDER_PORT = Symbol.for('o2c.collections.ReminderPort');

export const REMINDER_CHANNELS = ['email', 'sms', 'letter', 'registered_letter', 'voicemail'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

export const REMINDER_LANGUAGES = ['fr', 'en'] as const;
export type ReminderLanguage = (typeof REMINDER_LANGUAGES)[number];

export const CHARGE_KINDS = ['late_payment_penalty', 'recovery_indemnity'] as const;
export type ChargeKind = (typeof CHARGE_KINDS)[number];

export interface ReminderRecipient {
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
  readonly postalAddress?: readonly string[];
}

/** One overdue invoice listed on the notice. */
export interface ReminderItem {
  readonly invoiceId: string;
  readonly openAmountMinor: number;
  readonly currency: string;
  /** ISO date (YYYY-MM-DD). */
  readonly dueOn: string;
  readonly daysLate: number;
}

export interface ReminderCharge {
  readonly kind: ChargeKind;
  readonly amountMinor: number;
}

/** One notice per account: every overdue item of the step, with the charges when the rules assess any. */
export interface ReminderRequest {
  readonly reminderId: string;
  readonly accountId: string;
  readonly channel: ReminderChannel;
  readonly templateId: string;
  readonly stepId: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly recipient: ReminderRecipient;
  readonly items: readonly ReminderItem[];
  /** Sum of the items' open amounts, in minor units of `currency`. */
  readonly totalMinor: number;
  readonly currency: string;
  readonly charges?: readonly ReminderCharge[];
  /** Language of the notice; French when absent. */
  readonly language?: ReminderLanguage;
}

export interface ReminderPort {
  /** Records the reminder as due and queues it for delivery; a second call with the same reminderId changes nothing. */
  schedule(request: ReminderRequest, context: CommandContext): Promise<void>;
}
