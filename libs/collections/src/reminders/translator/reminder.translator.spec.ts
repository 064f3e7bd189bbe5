import type { RecordedEvent } from '@o2c/event-store';
import type { ReminderEvent } from '../reminder/reminder.events';
import { translateReminderEvent } from './reminder.translator';

const recorded = (event: ReminderEvent): RecordedEvent => ({
  id: 'event-1',
  type: event.type,
  schemaVersion: 1,
  data: event.data,
  metadata: { correlationId: 'corr', causationId: 'cause', actor: 'system:reminder-dispatcher', occurredAt: '2026-11-18T06:00:05.000Z' },
  streamName: 'reminder-R1',
  revision: 1n,
  position: 9n,
  recordedAt: new Date('2026-11-18T06:00:05Z'),
});
const subject = { stepId: 'formal-notice', policyId: 'standard.b2b', policyVersion: 2, invoiceIds: ['INV-1'], totalMinor: 100, currency: 'EUR' };

describe('reminder translator', () => {
  it('publishes ReminderSent and FormalNoticeSent keyed by account; due and failures stay inside', () => {
    const sent = translateReminderEvent(
      recorded({ type: 'ReminderSent', data: { reminderId: 'R1', accountId: 'ACME', channel: 'registered_letter', ...subject, messageId: 'm', providerMessageId: 'p', documentPath: '/x.pdf', attempt: 1, sentAt: '2026-11-18T06:00:05.000Z' } }),
    );
    expect(sent).toMatchObject({ type: 'ReminderSent', context: 'collections', key: 'ACME', metadata: { messageId: 'event-1', sourceStream: 'reminder-R1' } });
    expect(sent?.data).toEqual({ accountId: 'ACME', reminderId: 'R1', channel: 'registered_letter', ...subject, sentAt: '2026-11-18T06:00:05.000Z' });
    const notice = translateReminderEvent(recorded({ type: 'FormalNoticeSent', data: { reminderId: 'R1', accountId: 'ACME', ...subject, sentAt: '2026-11-18T06:00:05.000Z' } }));
    expect(notice?.data).toEqual({ accountId: 'ACME', reminderId: 'R1', invoiceIds: ['INV-1'], totalMinor: 100, currency: 'EUR', sentAt: '2026-11-18T06:00:05.000Z' });
    expect(
      translateReminderEvent(
        recorded({ type: 'ReminderDeliveryFailed', data: { reminderId: 'R1', accountId: 'ACME', channel: 'email', messageId: 'm', reason: 'bounce', permanent: true, detail: '', attempt: 1, failedAt: '' } }),
      ),
    ).toBeUndefined();
  });
});
