import type { AccountEvent } from './account.events';
import type { AccountState, OpenedAccount, OrderCredit } from './account.state';
import { NO_BEHAVIOUR, REMEMBERED_PAID_INVOICES, type PaymentBehaviour } from './risk';

const remember = <T>(list: readonly T[], item: T): T[] => [...list, item].slice(-REMEMBERED_PAID_INVOICES);

function withOrder(account: OpenedAccount, orderId: string, change: (current: OrderCredit | undefined) => OrderCredit): OpenedAccount {
  return { ...account, orders: { ...account.orders, [orderId]: change(account.orders[orderId]) } };
}

function withBehaviour(account: OpenedAccount, change: (behaviour: PaymentBehaviour) => PaymentBehaviour): OpenedAccount {
  return { ...account, behaviour: change(account.behaviour) };
}

function withReceivable(account: OpenedAccount, invoiceId: string, openAmountMinor: number, base: { currency: string; orderId?: string; dueOn?: string }): OpenedAccount {
  const { [invoiceId]: current, ...others } = account.receivables;
  if (openAmountMinor <= 0) return { ...account, receivables: others };
  return { ...account, receivables: { ...others, [invoiceId]: { ...current, ...base, invoiceId, openAmountMinor } } };
}

/** Folds one event into the account. Pure: no clock, no I/O. */
export function evolve(state: AccountState, event: AccountEvent): AccountState {
  if (event.type === 'AccountOpened') {
    const d = event.data;
    return {
      status: 'Open',
      accountId: d.accountId,
      legalName: d.legalName,
      kind: d.kind,
      segment: d.segment,
      country: d.country,
      siren: d.siren,
      siret: d.siret,
      currency: d.currency,
      paymentTermsDays: d.paymentTermsDays,
      creditLimitMinor: d.creditLimitMinor,
      contacts: d.contacts,
      region: d.region,
      openedAt: d.openedAt,
      orders: {},
      receivables: {},
      behaviour: NO_BEHAVIOUR,
      risk: { riskClass: 'low', reasons: ['new account: presumed good'] },
    };
  }
  if (state.status !== 'Open') return state;
  switch (event.type) {
    case 'AccountSegmentChanged':
      return { ...state, segment: event.data.segment };
    case 'PaymentTermsChanged':
      return { ...state, paymentTermsDays: event.data.paymentTermsDays };
    case 'CreditLimitChanged':
      return { ...state, creditLimitMinor: event.data.creditLimitMinor };
    case 'OrderCreditReleased': {
      const d = event.data;
      return withOrder(state, d.orderId, () => ({ orderId: d.orderId, amountMinor: d.amountMinor, currency: d.currency, placedAt: d.placedAt, status: 'released' }));
    }
    case 'OrderCreditHeld': {
      const d = event.data;
      return withOrder(state, d.orderId, () => ({
        orderId: d.orderId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        placedAt: d.placedAt,
        status: 'held',
        holdReason: d.holdReason,
        exposure: d.exposure,
        creditLimitMinor: d.creditLimitMinor,
      }));
    }
    case 'OrderCreditRejected':
      return withOrder(state, event.data.orderId, (current) => ({ ...(current ?? { orderId: event.data.orderId, amountMinor: event.data.amountMinor, currency: event.data.currency }), status: 'rejected' }));
    case 'OrderCancelled': {
      const d = event.data;
      return withOrder(state, d.orderId, (current) => ({ ...(current ?? { orderId: d.orderId, amountMinor: d.amountMinor, currency: state.currency }), status: 'cancelled' }));
    }
    case 'ReceivableOpened': {
      const d = event.data;
      // An order invoiced before its credit check arrived is recorded as invoiced, so a late OrderPlaced is not counted on top of its invoice.
      const invoiced = withOrder(state, d.orderId, (current) => ({ ...(current ?? { orderId: d.orderId, amountMinor: d.totalMinor, currency: d.currency }), status: 'invoiced' }));
      return withReceivable(invoiced, d.invoiceId, d.openAmountMinor, { currency: d.currency, orderId: d.orderId, dueOn: d.dueOn });
    }
    case 'ReceivableChanged': {
      const d = event.data;
      const current = state.receivables[d.invoiceId];
      const changed = withReceivable(state, d.invoiceId, d.openAmountMinor, { currency: current?.currency ?? d.currency });
      return d.cause === 'PaymentReversed' ? withBehaviour(changed, (b) => ({ ...b, reversals: remember(b.reversals, d.at) })) : changed;
    }
    case 'InvoicePaidRecorded':
      return withBehaviour(state, (b) => ({ ...b, daysLate: remember(b.daysLate, event.data.daysLate) }));
    case 'BehaviourSignalRecorded': {
      const d = event.data;
      switch (d.signal) {
        case 'promise_broken':
          return withBehaviour(state, (b) => ({ ...b, brokenPromises: remember(b.brokenPromises, d.at) }));
        case 'dispute_opened':
          return withBehaviour(state, (b) => (b.openDisputes.includes(d.reference) ? b : { ...b, openDisputes: [...b.openDisputes, d.reference] }));
        case 'dispute_closed':
          return withBehaviour(state, (b) => ({ ...b, openDisputes: b.openDisputes.filter((r) => r !== d.reference) }));
        default:
          return state;
      }
    }
    case 'RiskClassChanged':
      return { ...state, risk: { riskClass: event.data.riskClass, reasons: event.data.reasons } };
    default: {
      const _unknown: never = event; // an event type this version does not know changes nothing
      return state;
    }
  }
}
