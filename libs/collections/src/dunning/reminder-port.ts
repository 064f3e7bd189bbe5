import type { CommandContext } from '@o2c/kernel';

/**
 * The seam with reminder delivery (src/reminders, another team's): collections
 * decides WHAT to send and hands it over; delivery sends it exactly once
 * (idempotent on `reminderId`) and records ReminderDue, then ReminderSent or
 * ReminderDeliveryFailed on `reminder-<reminderId>`. Call tasks are not
 * reminders: they stay on the collectors' worklist.
 */
export type ReminderChannel = 'email' | 'sms' | 'letter' | 'registered_letter' | 'voicemail';

export interface ReminderRequest {
  readonly reminderId: string;
  readonly accountId: string;
  readonly channel: ReminderChannel;
  readonly templateId: string;
  readonly stepId: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly recipient: { readonly name: string; readonly email?: string; readonly phone?: string; readonly postalAddress?: readonly string[] };
  readonly items: readonly { readonly invoiceId: string; readonly openAmountMinor: number; readonly currency: string; readonly dueOn: string; readonly daysLate: number }[];
  readonly totalMinor: number;
  readonly currency: string;
  readonly charges?: readonly { readonly kind: 'late_payment_penalty' | 'recovery_indemnity'; readonly amountMinor: number }[];
  readonly language?: 'fr' | 'en';
}

export interface ReminderPort {
  schedule(request: ReminderRequest, context: CommandContext): Promise<void>;
}

/** The same global symbol as delivery's own declaration, so its provider answers this token. */
export const REMINDER_PORT = Symbol.for('o2c.collections.ReminderPort');

/** Until delivery is wired: remembers what it was asked (tests read it), sends nothing. */
export class RecordingReminderPort implements ReminderPort {
  readonly scheduled = new Map<string, ReminderRequest>();
  schedule(request: ReminderRequest): Promise<void> {
    this.scheduled.set(request.reminderId, request);
    return Promise.resolve();
  }
}
