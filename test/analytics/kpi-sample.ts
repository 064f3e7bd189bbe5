import type { KpiEventType, KpiFact } from '@o2c/analytics';

/** A small history of two accounts in EUR, as facts in $all order. */
export function sampleFacts(): KpiFact[] {
  const facts: [KpiEventType, string, string, Record<string, unknown>][] = [
    ['InvoiceIssued', 'B', '2025-11-01', { invoiceId: 'INV-3', currency: 'EUR', issuedOn: '2025-11-01', dueOn: '2025-12-01', totalMinor: 50000 }],
    ['InvoiceIssued', 'A', '2025-12-01', { invoiceId: 'INV-1', currency: 'EUR', issuedOn: '2025-12-01', dueOn: '2025-12-31', totalMinor: 10000 }],
    ['ReminderSent', 'A', '2026-01-02', { invoiceIds: ['INV-1'], channel: 'email' }],
    ['ReminderSent', 'B', '2026-01-02', { invoiceIds: ['INV-3'], channel: 'email' }],
    ['ContactOutcomeRecorded', 'A', '2026-01-03', { collectorId: 'ann', outcome: 'promise' }],
    ['PromiseToPayRecorded', 'A', '2026-01-04', { promiseId: 'P-A', recordedBy: 'ann' }],
    ['PaymentReceived', 'A', '2026-01-05', { paymentId: 'PAY-1', amountMinor: 10000, currency: 'EUR' }],
    ['PaymentApplied', 'A', '2026-01-05', { invoiceId: 'INV-1', amountMinor: 10000, currency: 'EUR' }],
    ['InvoicePaid', 'A', '2026-01-05', { invoiceId: 'INV-1', paidOn: '2026-01-05' }],
    ['PromiseToPayKept', 'A', '2026-01-05', { promiseId: 'P-A' }],
    ['InvoiceIssued', 'A', '2026-01-10', { invoiceId: 'INV-2', currency: 'EUR', issuedOn: '2026-01-10', dueOn: '2026-02-09', totalMinor: 20000 }],
    ['ReminderSent', 'B', '2026-01-20', { invoiceIds: ['INV-3'], channel: 'letter' }],
    ['PromiseToPayRecorded', 'B', '2026-01-21', { promiseId: 'P-B', recordedBy: 'bob' }],
    ['PromiseToPayBroken', 'B', '2026-02-01', { promiseId: 'P-B' }],
    ['DisputeResolved', 'A', '2026-02-03', { disputeId: 'D1', withinSla: true }],
    ['ClaimPlaced', 'B', '2026-02-10', { claimId: 'C1', totalMinor: 50000, currency: 'EUR' }],
    ['DisputeResolved', 'B', '2026-02-15', { disputeId: 'D2', withinSla: false }],
    ['AgencyRecoveryReported', 'B', '2026-02-20', { claimId: 'C1', amountMinor: 20000, currency: 'EUR' }],
    ['PaymentReceived', 'B', '2026-02-25', { paymentId: 'PAY-2', amountMinor: 20000, currency: 'EUR' }],
    ['PaymentApplied', 'B', '2026-02-25', { invoiceId: 'INV-3', amountMinor: 20000, currency: 'EUR' }],
    ['InvoiceIssued', 'A', '2026-03-02', { invoiceId: 'INV-4', currency: 'EUR', issuedOn: '2026-03-02', dueOn: '2026-04-01', totalMinor: 99999 }],
  ];
  return facts.map(([type, accountId, on, data], i) => ({ type, accountId, on, position: BigInt(i + 1), data: { accountId, ...data } }));
}
