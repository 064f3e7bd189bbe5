import type { CollectionsPublishedEvents, FormalNoticeSentV1, PublishedEvent, ReminderSentV1 } from '@o2c/contracts';
import type { RecordedEvent } from '@o2c/event-store';
import { publishedFrom } from '@o2c/messaging';
import { REMINDER_CATEGORY, type ReminderEvent } from '../reminder/reminder.events';

const publish = <T extends keyof CollectionsPublishedEvents>(event: RecordedEvent, type: T, accountId: string, data: CollectionsPublishedEvents[T]): PublishedEvent =>
  publishedFrom(event, { context: 'collections', type, key: accountId, data });

/** The streams this translator reads, for the context translator's filter. */
export const REMINDER_STREAM_PREFIX = `${REMINDER_CATEGORY}-`;

/**
 * Reminder events -> collections' published contracts, keyed by account:
 * ReminderSent and FormalNoticeSent. ReminderDue and delivery failures stay
 * inside the context (a failure opens a collector task there).
 */
export function translateReminderEvent(recorded: RecordedEvent): PublishedEvent | undefined {
  const event = { type: recorded.type, data: recorded.data } as ReminderEvent;
  switch (event.type) {
    case 'ReminderSent': {
      const d = event.data;
      const data: ReminderSentV1 = {
        accountId: d.accountId,
        reminderId: d.reminderId,
        channel: d.channel,
        stepId: d.stepId,
        policyId: d.policyId,
        policyVersion: d.policyVersion,
        invoiceIds: d.invoiceIds,
        totalMinor: d.totalMinor,
        currency: d.currency,
        sentAt: d.sentAt,
      };
      return publish(recorded, 'ReminderSent', d.accountId, data);
    }
    case 'FormalNoticeSent': {
      const d = event.data;
      const data: FormalNoticeSentV1 = { accountId: d.accountId, reminderId: d.reminderId, invoiceIds: d.invoiceIds, totalMinor: d.totalMinor, currency: d.currency, sentAt: d.sentAt };
      return publish(recorded, 'FormalNoticeSent', d.accountId, data);
    }
    default:
      return undefined;
  }
}
