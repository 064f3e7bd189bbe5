import { PostgresEventStore } from '@o2c/event-store/postgres';
import { ManualClock } from '@o2c/kernel';
import { createTestDatabase } from '../../../../test/support/database';
import type { LedgerEventOf } from './events';
import { LedgerService } from './ledger.service';
import { receivableMinor, unappliedCashMinor } from './state';

describe('one ledger per account: concurrent commands decide on one consistent state (real PostgreSQL)', () => {
  let store: PostgresEventStore;
  let other: PostgresEventStore;
  let ledgers: LedgerService[];
  const clock = new ManualClock('2026-11-25T09:00:00Z');

  beforeAll(async () => {
    const url = await createTestDatabase('invoicing_ledger');
    // Two store instances: two processes writing the same account's ledger.
    other = await PostgresEventStore.connect({ url });
    store = await PostgresEventStore.connect({ url });
    ledgers = [new LedgerService(store, clock), new LedgerService(other, clock)];
  });
  afterAll(async () => {
    await store?.close();
    await other?.close();
  });

  it('racing payments and deliveries never over-apply an invoice nor lose a cent', async () => {
    const [a] = ledgers;
    await a.execute({ type: 'LearnAccountTerms', accountId: 'RACE', currency: 'EUR', paymentTermsDays: 30 }, { causationId: 'terms', actor: 'svc:test' });
    const deliver = (ledger: LedgerService, i: number) =>
      ledger.execute(
        { type: 'IssueInvoice', accountId: 'RACE', orderId: `o${i}`, currency: 'EUR', deliveredOn: '2026-11-01', lines: [{ description: 'x', quantity: 1, unitPriceMinor: 30_00, taxRateBp: 0 }] },
        { causationId: `deliver-${i}`, actor: 'svc:orders' },
      );
    const pay = (ledger: LedgerService, i: number) =>
      ledger.execute(
        { type: 'ReceivePayment', accountId: 'RACE', paymentId: `p${i}`, amountMinor: 25_00, currency: 'EUR', receivedOn: '2026-11-20', method: 'transfer' },
        { causationId: `pay-${i}`, actor: 'svc:payments' },
      );
    // 8 invoices of 30.00 (240.00) and 12 payments of 25.00 (300.00), interleaved over two store instances.
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => deliver(ledgers[i % 2], i)),
      ...Array.from({ length: 12 }, (_, i) => pay(ledgers[(i + 1) % 2], i)),
      pay(ledgers[0], 3), // a repeated payment id, racing its first delivery
    ]);

    const { state } = await a.stateAt('RACE');
    if (state.status !== 'Active') throw new Error('ledger should be active');
    expect(state.invoices.size).toBe(8);
    expect(state.payments.size).toBe(12);
    expect(receivableMinor(state)).toBe(0);
    expect(unappliedCashMinor(state)).toBe(60_00);
    for (const invoice of state.invoices.values()) expect(invoice.openAmountMinor).toBe(0);
    const events = await store.readStream('ledger-RACE');
    const applied = events.filter((e) => e.type === 'PaymentApplied').reduce((sum, e) => sum + (e.data as LedgerEventOf<'PaymentApplied'>['data']).amountMinor, 0);
    expect(applied).toBe(240_00);
    expect(events.filter((e) => e.type === 'PaymentReceived')).toHaveLength(12);
  });
});
