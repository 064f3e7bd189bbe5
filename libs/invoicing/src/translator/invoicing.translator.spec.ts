import type { RecordedEvent } from '@o2c/event-store';
import type { LedgerEvent } from '../ledger/events';
import { translateLedgerEvent } from './invoicing.translator';

const recorded = (event: LedgerEvent, position = 7n): RecordedEvent => ({
  id: `event-${position}`,
  type: event.type,
  schemaVersion: 1,
  data: event.data,
  metadata: { correlationId: 'corr', causationId: 'ingress:m1', actor: 'svc:payments', occurredAt: '2026-11-25T09:00:00.000Z' },
  streamName: 'ledger-ACME',
  revision: 3n,
  position,
  recordedAt: new Date('2026-11-25T09:00:00Z'),
});

describe('invoicing translator', () => {
  it('publishes a reopened invoice as PaymentReversed with its open amount after the change, keyed by account', () => {
    const published = translateLedgerEvent(
      recorded({ type: 'PaymentApplicationReversed', data: { paymentId: 'P1', invoiceId: 'INV-1', accountId: 'ACME', amountMinor: 20_00, currency: 'EUR', reason: 'chargeback', openAmountMinor: 50_00 } }),
    );
    expect(published).toEqual({
      type: 'PaymentReversed',
      schemaVersion: 1,
      context: 'invoicing',
      key: 'ACME',
      data: { invoiceId: 'INV-1', accountId: 'ACME', paymentId: 'P1', amountMinor: 20_00, currency: 'EUR', reason: 'chargeback', openAmountMinor: 50_00 },
      metadata: { messageId: 'event-7', correlationId: 'corr', causationId: 'ingress:m1', actor: 'svc:payments', occurredAt: '2026-11-25T09:00:00.000Z', sourceStream: 'ledger-ACME', sourcePosition: '7' },
    });
  });
  it('an issued invoice carries its whole total as the open amount; internal fields stay inside', () => {
    const published = translateLedgerEvent(
      recorded({
        type: 'InvoiceIssued',
        data: { invoiceId: 'INV-1', accountId: 'ACME', orderId: '1', currency: 'EUR', lines: [], netMinor: 100, taxMinor: 20, totalMinor: 120, issuedOn: '2026-11-25', dueOn: '2026-12-25' },
      }),
    );
    expect(published?.data).toMatchObject({ totalMinor: 120, openAmountMinor: 120 });
    const paid = translateLedgerEvent(recorded({ type: 'CreditNoteIssued', data: { creditNoteId: 'C', invoiceId: 'INV-1', accountId: 'ACME', amountMinor: 1, currency: 'EUR', reason: 'r', issuedOn: '2026-11-25', openAmountMinor: 119 } }));
    expect(paid?.data).not.toHaveProperty('issuedOn');
  });
  it('keeps account terms, the account-level reversal marker and unknown types internal', () => {
    expect(translateLedgerEvent(recorded({ type: 'AccountTermsLearned', data: { accountId: 'ACME', currency: 'EUR', paymentTermsDays: 30 } }))).toBeUndefined();
    expect(
      translateLedgerEvent(recorded({ type: 'PaymentReversed', data: { paymentId: 'P', accountId: 'ACME', amountMinor: 1, currency: 'EUR', reason: 'r', reversedOn: '2026-11-25', unappliedRemovedMinor: 1 } })),
    ).toBeUndefined();
    expect(translateLedgerEvent({ ...recorded({ type: 'InvoicePaid', data: { invoiceId: 'I', accountId: 'A', paidOn: 'x', dueOn: 'y', daysLate: 0 } }), type: 'SomethingNew' })).toBeUndefined();
  });
});
