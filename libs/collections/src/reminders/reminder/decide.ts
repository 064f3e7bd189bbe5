import { DomainException, domainError } from '@o2c/kernel';
import type { ReminderCommand } from './reminder.commands';
import type { ReminderEvent } from './reminder.events';
import type { ReminderState } from './reminder.state';

const unknownReminder = (): DomainException =>
  new DomainException(domainError('not_found', 'reminder.not_found', 'no reminder was scheduled under this id', { field: 'reminderId' }));

/**
 * A reminder is decided once (ReminderDue), then delivered once: the first
 * success or permanent failure closes it; a later report of the same delivery
 * (a retried dispatcher) changes nothing.
 */
export function decide(command: ReminderCommand, state: ReminderState): readonly ReminderEvent[] {
  switch (command.type) {
    case 'ScheduleReminder': {
      // Idempotent on the reminder id: the scheduler may ask again after a crash, even with a day's more lateness.
      if (state.status !== 'none') return [];
      const { request, language, messageId, contentDigest, issuedOn, at } = command.data;
      return [
        {
          type: 'ReminderDue',
          data: { reminderId: request.reminderId, accountId: request.accountId, channel: request.channel, language, request, messageId, contentDigest, issuedOn, dueAt: at },
        },
      ];
    }
    case 'RecordReminderSent': {
      if (state.status === 'none') throw unknownReminder();
      if (state.status === 'sent') return [];
      if (state.status === 'failed') {
        throw new DomainException(
          domainError('conflict', 'reminder.already_failed', `reminder ${state.due.reminderId} already failed for good (${state.reason}); it is not delivered again`, { field: 'reminderId' }),
        );
      }
      const { reminderId, accountId, channel, messageId, request } = state.due;
      const { attempt, providerMessageId, documentPath, contentDigest, at } = command.data;
      const subject = {
        stepId: request.stepId,
        policyId: request.policyId,
        policyVersion: request.policyVersion,
        invoiceIds: request.items.map((item) => item.invoiceId),
        totalMinor: request.totalMinor,
        currency: request.currency,
      };
      const sent: ReminderEvent = {
        type: 'ReminderSent',
        data: { reminderId, accountId, channel, ...subject, messageId, providerMessageId, ...(documentPath ? { documentPath } : {}), ...(contentDigest ? { contentDigest } : {}), attempt, sentAt: at },
      };
      if (channel !== 'registered_letter') return [sent];
      return [sent, { type: 'FormalNoticeSent', data: { reminderId, accountId, ...subject, ...(documentPath ? { documentPath } : {}), sentAt: at } }];
    }
    case 'RecordReminderDeliveryFailed': {
      if (state.status === 'none') throw unknownReminder();
      if (state.status !== 'due') return [];
      const { reminderId, accountId, channel, messageId } = state.due;
      const { attempt, reason, permanent, detail, at } = command.data;
      return [{ type: 'ReminderDeliveryFailed', data: { reminderId, accountId, channel, messageId, reason, permanent, detail, attempt, failedAt: at } }];
    }
    default: {
      const _never: never = command;
      return _never;
    }
  }
}
