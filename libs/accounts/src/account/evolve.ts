import type { AccountEvent } from './account.events';
import type { AccountState, OpenedAccount, OrderCredit } from './account.state';
import { NO_IDS, withId } from './closed-ids';
import { deleteIn, emptyMap, getIn, setIn } from '@o2c/kernel';
import { NO_BEHAVIOUR, REMEMBERED_PAID_INVOICES, type PaymentBehaviour } from './risk';

const remember = <T>(list: readonly T[], item: T): T[] => [...list, item].slice(-REMEMBERED_PAID_INVOICES);

function withOrder(account: OpenedAccount, order: OrderCredit): OpenedAccount {
  return { ...account, orders: setIn(account.orders, order.orderId, order) };
}

/** The order leaves the open orders (and the exposure) for good. */
function closing(account: OpenedAccount, orderId: string): OpenedAccount {
  return { ...account, orders: deleteIn(account.orders, orderId), closedOrders: withId(account.closedOrders, orderId) };
}

function withBehaviour(account: OpenedAccount, change: (behaviour: PaymentBehaviour) => PaymentBehaviour): OpenedAccount {
  return { ...account, behaviour: change(account.behaviour) };
}

function withReceivable(account: OpenedAccount, invoiceId: string, openAmountMinor: number, base: { currency: string; orderId?: string; dueOn?: string }): OpenedAccount {
  if (openAmountMinor <= 0) return { ...account, receivables: deleteIn(account.receivables, invoiceId) };
  return { ...account, receivables: setIn(account.receivables, invoiceId, { ...getIn(account.receivables, invoiceId), ...base, invoiceId, openAmountMinor }) };
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
      orders: emptyMap(),
      closedOrders: NO_IDS,
      receivables: emptyMap(),
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
      return withOrder(state, { orderId: d.orderId, amountMinor: d.amountMinor, currency: d.currency, placedAt: d.placedAt, status: 'released' });
    }
    case 'OrderCreditHeld': {
      const d = event.data;
      return withOrder(state, {
        orderId: d.orderId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        placedAt: d.placedAt,
        status: 'held',
        holdReason: d.holdReason,
        exposure: d.exposure,
        creditLimitMinor: d.creditLimitMinor,
      });
    }
    case 'OrderCreditRejected':
    case 'OrderCancelled':
      return closing(state, event.data.orderId);
    case 'ReceivableOpened': {
      const d = event.data;
      // An order invoiced before its credit check arrived is closed too, so a late OrderPlaced is not counted on top of its invoice.
      return withReceivable(closing(state, d.orderId), d.invoiceId, d.openAmountMinor, { currency: d.currency, orderId: d.orderId, dueOn: d.dueOn });
    }
    case 'ReceivableChanged': {
      const d = event.data;
      const current = getIn(state.receivables, d.invoiceId);
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
