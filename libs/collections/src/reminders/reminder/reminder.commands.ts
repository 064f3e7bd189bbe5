import type { ReminderLanguage, ReminderRequest } from '../reminder-port';
import type { DeliveryFailureReason } from './reminder.events';

export interface ScheduleReminder {
  readonly type: 'ScheduleReminder';
  readonly data: {
    readonly request: ReminderRequest;
    readonly language: ReminderLanguage;
    readonly messageId: string;
    readonly contentDigest: string;
    readonly issuedOn: string;
    readonly at: string;
  };
}

export interface RecordReminderSent {
  readonly type: 'RecordReminderSent';
  readonly data: { readonly attempt: number; readonly providerMessageId: string; readonly documentPath?: string; readonly contentDigest?: string; readonly at: string };
}

export interface RecordReminderDeliveryFailed {
  readonly type: 'RecordReminderDeliveryFailed';
  readonly data: { readonly attempt: number; readonly reason: DeliveryFailureReason; readonly permanent: boolean; readonly detail: string; readonly at: string };
}

export type ReminderCommand = ScheduleReminder | RecordReminderSent | RecordReminderDeliveryFailed;
