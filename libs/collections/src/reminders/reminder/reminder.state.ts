import type { ReminderDue, DeliveryFailureReason } from './reminder.events';

export interface DeliveryAttempt {
  readonly attempt: number;
  readonly outcome: 'sent' | 'failed';
  readonly at: string;
  readonly reason?: DeliveryFailureReason;
  readonly detail?: string;
}

type Due = ReminderDue['data'];

export type ReminderState =
  | { readonly status: 'none' }
  | { readonly status: 'due'; readonly due: Due; readonly attempts: readonly DeliveryAttempt[] }
  | { readonly status: 'sent'; readonly due: Due; readonly attempts: readonly DeliveryAttempt[]; readonly providerMessageId: string; readonly documentPath?: string; readonly sentAt: string }
  | { readonly status: 'failed'; readonly due: Due; readonly attempts: readonly DeliveryAttempt[]; readonly reason: DeliveryFailureReason; readonly detail: string; readonly failedAt: string };

export const initialReminderState = (): ReminderState => ({ status: 'none' });
