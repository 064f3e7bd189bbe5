import type {
  AccountOpenedV2,
  AccountSegmentChangedV1,
  AccountsPublishedEventType,
  CreditLimitChangedV1,
  OrderCreditHeldV1,
  OrderCreditRejectedV1,
  OrderCreditReleasedV1,
  PaymentTermsChangedV1,
  PublishedEvent,
  RiskClassChangedV1,
} from '@o2c/contracts';
import type { RecordedEvent } from '@o2c/event-store';
import { publishedFrom, type Translator } from '@o2c/messaging';
import { ACCOUNT_STREAM_PREFIX, type AccountEvent, type AccountEventOf } from '../account/account.events';
import { accountEventOf } from '../account/upcasters';

type Published = { type: AccountsPublishedEventType; data: object } | undefined;

/** Internal account event -> published contract; receivable bookkeeping and behaviour records stay internal. */
export function publishedDataOf(event: AccountEvent): Published {
  switch (event.type) {
    case 'AccountOpened': {
      const d = event.data;
      const data: AccountOpenedV2 = {
        accountId: d.accountId,
        legalName: d.legalName,
        kind: d.kind,
        segment: d.segment,
        ...(d.siren ? { siren: d.siren } : {}),
        ...(d.siret ? { siret: d.siret } : {}),
        currency: d.currency,
        paymentTermsDays: d.paymentTermsDays,
        creditLimitMinor: d.creditLimitMinor,
        contacts: d.contacts,
        ...(d.region ? { region: d.region } : {}),
        openedAt: d.openedAt,
        country: d.country,
      };
      return { type: 'AccountOpened', data };
    }
    case 'AccountSegmentChanged': {
      const data: AccountSegmentChangedV1 = { accountId: event.data.accountId, segment: event.data.segment, reason: event.data.reason };
      return { type: 'AccountSegmentChanged', data };
    }
    case 'PaymentTermsChanged': {
      const data: PaymentTermsChangedV1 = { accountId: event.data.accountId, paymentTermsDays: event.data.paymentTermsDays, reason: event.data.reason };
      return { type: 'PaymentTermsChanged', data };
    }
    case 'CreditLimitChanged': {
      const d = event.data;
      const data: CreditLimitChangedV1 = { accountId: d.accountId, creditLimitMinor: d.creditLimitMinor, currency: d.currency, reason: d.reason, changedBy: d.changedBy };
      return { type: 'CreditLimitChanged', data };
    }
    case 'OrderCreditReleased': {
      const d = event.data;
      const data: OrderCreditReleasedV1 = {
        accountId: d.accountId,
        orderId: d.orderId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        exposureMinor: d.exposure.totalMinor,
        creditLimitMinor: d.creditLimitMinor,
        receivablesMinor: d.exposure.receivablesMinor,
        uninvoicedOrdersMinor: d.exposure.uninvoicedOrdersMinor,
        releasedBy: d.releasedBy,
      };
      return { type: 'OrderCreditReleased', data };
    }
    case 'OrderCreditHeld': {
      const d = event.data;
      const data: OrderCreditHeldV1 = {
        accountId: d.accountId,
        orderId: d.orderId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        exposureMinor: d.exposure.totalMinor,
        creditLimitMinor: d.creditLimitMinor,
        receivablesMinor: d.exposure.receivablesMinor,
        uninvoicedOrdersMinor: d.exposure.uninvoicedOrdersMinor,
        holdReason: d.holdReason,
      };
      return { type: 'OrderCreditHeld', data };
    }
    case 'OrderCreditRejected': {
      const d = event.data;
      const data: OrderCreditRejectedV1 = { accountId: d.accountId, orderId: d.orderId, amountMinor: d.amountMinor, currency: d.currency, reason: d.reason, rejectedBy: d.rejectedBy };
      return { type: 'OrderCreditRejected', data };
    }
    case 'RiskClassChanged': {
      const d = event.data;
      const data: RiskClassChangedV1 = { accountId: d.accountId, riskClass: d.riskClass, previous: d.previous, reasons: d.reasons };
      return { type: 'RiskClassChanged', data };
    }
    case 'OrderCancelled':
    case 'ReceivableOpened':
    case 'ReceivableChanged':
    case 'InvoicePaidRecorded':
    case 'BehaviourSignalRecorded':
      return undefined;
    default: {
      const _unknown: never = event; // a type this version does not know stays internal
      return undefined;
    }
  }
}

/** The accounts context's gateway to `o2c.accounts.events`, keyed by account id so one account's events stay in order. */
export const accountsTranslator: Translator = {
  context: 'accounts',
  filter: { streamNamePrefixes: [ACCOUNT_STREAM_PREFIX] },
  translate(recorded: RecordedEvent): PublishedEvent | undefined {
    const event = accountEventOf(recorded);
    const published = publishedDataOf(event);
    if (!published) return undefined;
    return publishedFrom(recorded, { context: 'accounts', type: published.type, key: (event as AccountEventOf<'AccountOpened'>).data.accountId, data: published.data });
  },
};
