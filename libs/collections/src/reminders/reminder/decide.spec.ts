import { deciderSpec } from '@o2c/kernel/testing';
import type { ReminderRequest } from '../reminder-port';
import { reminderDecider } from './reminder.decider';
import type { ReminderDue, ReminderEvent } from './reminder.events';

const request = (overrides: Partial<ReminderRequest> = {}): ReminderRequest => ({
  reminderId: 'R1',
  accountId: 'ACME',
  channel: 'email',
  templateId: 'first-letter',
  stepId: 'letter-1',
  policyId: 'standard.b2b',
  policyVersion: 1,
  recipient: { name: 'ACME Compta', email: 'compta@acme.test' },
  items: [{ invoiceId: 'INV-1', openAmountMinor: 120_00, currency: 'EUR', dueOn: '2026-11-01', daysLate: 17 }],
  totalMinor: 120_00,
  currency: 'EUR',
  ...overrides,
});
const schedule = (r: ReminderRequest = request()) =>
  ({ type: 'ScheduleReminder', data: { request: r, language: 'fr', messageId: 'm-1', contentDigest: 'd', issuedOn: '2026-11-18', at: '2026-11-18T06:00:00.000Z' } }) as const;
const due = (r: ReminderRequest = request()): ReminderDue => ({
  type: 'ReminderDue',
  data: { reminderId: r.reminderId, accountId: r.accountId, channel: r.channel, language: 'fr', request: r, messageId: 'm-1', contentDigest: 'd', issuedOn: '2026-11-18', dueAt: '2026-11-18T06:00:00.000Z' },
});
const sent = (attempt = 1) => ({ type: 'RecordReminderSent', data: { attempt, providerMessageId: 'smtp-1', at: '2026-11-18T06:00:05.000Z' } }) as const;
const failed = (permanent: boolean, attempt = 1) =>
  ({ type: 'RecordReminderDeliveryFailed', data: { attempt, reason: permanent ? 'bounce' : 'provider_error', permanent, detail: 'x', at: '2026-11-18T06:00:05.000Z' } }) as const;
const subject = { stepId: 'letter-1', policyId: 'standard.b2b', policyVersion: 1, invoiceIds: ['INV-1'], totalMinor: 120_00, currency: 'EUR' };
const sentEvent: ReminderEvent = {
  type: 'ReminderSent',
  data: { reminderId: 'R1', accountId: 'ACME', channel: 'email', ...subject, messageId: 'm-1', providerMessageId: 'smtp-1', attempt: 1, sentAt: '2026-11-18T06:00:05.000Z' },
};

describe('reminder decider', () => {
  const spec = deciderSpec(reminderDecider);

  it('a scheduled reminder is due, with its request, message id and content digest', () => {
    spec.given([]).when(schedule()).then([due()]);
  });
  it('scheduling the same reminder id again records nothing, even with a different request', () => {
    spec.given([due()]).when(schedule(request({ totalMinor: 1, items: [{ invoiceId: 'INV-1', openAmountMinor: 1, currency: 'EUR', dueOn: '2026-11-01', daysLate: 18 }] }))).then([]);
    spec.given([due(), sentEvent]).when(schedule()).then([]);
  });
  it('a delivery is recorded once: a second report of success changes nothing', () => {
    spec.given([due()]).when(sent()).then([sentEvent]);
    spec.given([due(), sentEvent]).when(sent(2)).then([]);
  });
  it('a registered letter is also the formal notice', () => {
    const r = request({ channel: 'registered_letter', templateId: 'formal-notice' });
    spec
      .given([due(r)])
      .when({ type: 'RecordReminderSent', data: { attempt: 1, providerMessageId: 'm-1', documentPath: '/letters/ACME/R1.pdf', at: '2026-11-18T06:00:05.000Z' } })
      .then([
        { type: 'ReminderSent', data: { reminderId: 'R1', accountId: 'ACME', channel: 'registered_letter', ...subject, stepId: 'letter-1', messageId: 'm-1', providerMessageId: 'm-1', documentPath: '/letters/ACME/R1.pdf', attempt: 1, sentAt: '2026-11-18T06:00:05.000Z' } },
        { type: 'FormalNoticeSent', data: { reminderId: 'R1', accountId: 'ACME', ...subject, documentPath: '/letters/ACME/R1.pdf', sentAt: '2026-11-18T06:00:05.000Z' } },
      ]);
  });
  it('a failure is a fact; a transient one leaves the reminder due, so it can still be sent', () => {
    const transient: ReminderEvent = {
      type: 'ReminderDeliveryFailed',
      data: { reminderId: 'R1', accountId: 'ACME', channel: 'email', messageId: 'm-1', reason: 'provider_error', permanent: false, detail: 'x', attempt: 1, failedAt: '2026-11-18T06:00:05.000Z' },
    };
    spec.given([due()]).when(failed(false)).then([transient]);
    spec.given([due(), transient]).when(sent(2)).then([{ ...sentEvent, data: { ...sentEvent.data, attempt: 2 } } as ReminderEvent]);
  });
  it('a permanent failure (bounce) closes the reminder: it is never sent afterwards', () => {
    const bounce: ReminderEvent = {
      type: 'ReminderDeliveryFailed',
      data: { reminderId: 'R1', accountId: 'ACME', channel: 'email', messageId: 'm-1', reason: 'bounce', permanent: true, detail: 'x', attempt: 1, failedAt: '2026-11-18T06:00:05.000Z' },
    };
    spec.given([due()]).when(failed(true)).then([bounce]);
    spec.given([due(), bounce]).when(sent(2)).thenFails('reminder.already_failed', 'reminderId');
    spec.given([due(), bounce]).when(failed(true, 2)).then([]);
  });
  it('delivery of a reminder never scheduled is refused', () => {
    spec.given([]).when(sent()).thenFails('reminder.not_found', 'reminderId');
    spec.given([]).when(failed(true)).thenFails('reminder.not_found', 'reminderId');
  });
});
