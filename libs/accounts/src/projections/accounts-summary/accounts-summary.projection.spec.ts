import type { RecordedEvent } from '@o2c/event-store';
import type { AccountEvent } from '../../account/account.events';
import { evolveHeldOrder } from '../held-orders/held-orders.projection';
import { evolveAccountSummary, type AccountSummaryRow } from './accounts-summary.projection';

let position = 0n;
const recorded = (event: AccountEvent): RecordedEvent =>
  ({ ...event, id: `e${position}`, schemaVersion: 1, streamName: 'account-A', revision: position, position: ++position, recordedAt: new Date(0), metadata: { correlationId: 'c', causationId: 'c', actor: 'a', occurredAt: '2026-11-25T09:00:00.000Z' } }) as RecordedEvent;

const exposure = { receivablesMinor: 0, uninvoicedOrdersMinor: 0, orderMinor: 500, totalMinor: 500 };
const events: AccountEvent[] = [
  {
    type: 'AccountOpened',
    data: { accountId: 'A', legalName: 'A SA', kind: 'b2c', segment: 'new', country: 'FR', currency: 'EUR', paymentTermsDays: 30, creditLimitMinor: 400, creditLimitBasis: { rule: 'opening_policy', baseMinor: 400, segmentFactorPercent: 100 }, contacts: [], openedAt: 't', openedBy: 'u' },
  },
  { type: 'OrderCreditHeld', data: { accountId: 'A', orderId: 'O1', amountMinor: 500, currency: 'EUR', placedAt: 't', exposure, creditLimitMinor: 400, holdReason: 'over_limit' } },
  { type: 'ReceivableOpened', data: { accountId: 'A', invoiceId: 'I1', orderId: 'O1', currency: 'EUR', totalMinor: 500, openAmountMinor: 500, issuedOn: 'd', dueOn: 'd', orderAmountMovedMinor: 0, exposureAfter: { receivablesMinor: 500, uninvoicedOrdersMinor: 0 } } },
  { type: 'ReceivableChanged', data: { accountId: 'A', invoiceId: 'I1', cause: 'PaymentApplied', amountMinor: 200, currency: 'EUR', openAmountMinor: 300, previousOpenAmountMinor: 500, at: 't', exposureAfter: { receivablesMinor: 300, uninvoicedOrdersMinor: 0 } } },
  { type: 'RiskClassChanged', data: { accountId: 'A', riskClass: 'medium', previous: 'low', reasons: ['r'], measures: { paidInvoices: 0, averageDaysLate: 0, maxDaysLate: 0, reversals: 1, brokenPromises: 0, openDisputes: 0 } } },
];

describe('accounts_summary and held_orders evolve (pure)', () => {
  it('folds an account into its summary row', () => {
    const row = events.reduce<AccountSummaryRow | undefined>((r, e) => evolveAccountSummary(r, recorded(e)) ?? r, undefined);
    expect(row).toMatchObject({ accountId: 'A', creditLimitMinor: '400', receivablesMinor: '300', uninvoicedOrdersMinor: '0', exposureMinor: '300', riskClass: 'medium', heldOrderIds: [], heldCount: 0 });
  });
  it('ignores events of an account it has no row for', () => expect(evolveAccountSummary(undefined, recorded(events[3]))).toBeUndefined());
  it('a held order leaves the queue when its invoice arrives', () => {
    const held = evolveHeldOrder(undefined, recorded(events[1]));
    expect(held).toMatchObject({ orderId: 'O1', exposureMinor: '500', creditLimitMinor: '400', overLimitMinor: '100', holdReason: 'over_limit' });
    expect(evolveHeldOrder(held!, recorded(events[2]))).toBeNull();
    expect(evolveHeldOrder(undefined, recorded(events[2]))).toBeUndefined();
  });
});
