import type { RecordedEvent } from '@o2c/event-store';
import { translateCollectionsEvent } from './collections.translator';

const recorded = (streamName: string, type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: '00000000-0000-5000-8000-000000000001',
  type,
  schemaVersion: 1,
  data,
  metadata: { correlationId: 'c', causationId: 'k', actor: 'svc:reminders', occurredAt: '2026-03-02T10:00:00Z' },
  streamName,
  revision: 1n,
  position: 42n,
  recordedAt: new Date('2026-03-02T10:00:00Z'),
});

const subject = { reminderId: 'A:formal-notice:2026-03-26', accountId: 'A', stepId: 'formal-notice', policyId: 'standard.b2b', policyVersion: 1, invoiceIds: ['INV-1'], totalMinor: 100, currency: 'EUR', sentAt: '2026-03-26T10:00:00Z' };

describe('collections translator', () => {
  it("publishes delivery's ReminderSent as ReminderSentV1 and its FormalNoticeSent as FormalNoticeSentV1, keyed by account", () => {
    const sent = translateCollectionsEvent(recorded('reminder-A:formal-notice:2026-03-26', 'ReminderSent', { ...subject, channel: 'registered_letter', messageId: 'm', providerMessageId: 'p', attempt: 1 }));
    expect(sent).toMatchObject({ type: 'ReminderSent', context: 'collections', key: 'A', data: { ...subject, channel: 'registered_letter' }, metadata: { messageId: '00000000-0000-5000-8000-000000000001', sourcePosition: '42' } });
    expect(Object.keys(sent!.data as object).sort()).toEqual(['accountId', 'channel', 'currency', 'invoiceIds', 'policyId', 'policyVersion', 'reminderId', 'sentAt', 'stepId', 'totalMinor']);
    const notice = translateCollectionsEvent(recorded('reminder-A:formal-notice:2026-03-26', 'FormalNoticeSent', subject));
    expect(notice).toMatchObject({ type: 'FormalNoticeSent', data: { accountId: 'A', reminderId: subject.reminderId, invoiceIds: ['INV-1'], totalMinor: 100, currency: 'EUR', sentAt: subject.sentAt } });
  });

  it('keeps ReminderDue, delivery failures and what the case learned inside', () => {
    expect(translateCollectionsEvent(recorded('reminder-A:x', 'ReminderDue', subject))).toBeUndefined();
    expect(translateCollectionsEvent(recorded('reminder-A:x', 'ReminderDeliveryFailed', subject))).toBeUndefined();
    expect(translateCollectionsEvent(recorded('collectionCase-A', 'InvoiceLearned', { accountId: 'A' }))).toBeUndefined();
  });

  it('publishes a promise broken with the contract fields only', () => {
    const broken = translateCollectionsEvent(recorded('collectionCase-A', 'PromiseToPayBroken', { accountId: 'A', promiseId: 'P', promisedMinor: 100, paidMinor: 99, currency: 'EUR', promisedFor: '2026-02-14', on: '2026-02-15' }));
    expect(broken).toMatchObject({ type: 'PromiseToPayBroken', key: 'A', data: { accountId: 'A', promiseId: 'P', promisedMinor: 100, paidMinor: 99, currency: 'EUR', promisedFor: '2026-02-14' } });
    expect((broken!.data as Record<string, unknown>).on).toBeUndefined();
  });
});
