import type {
  CreditNoteIssuedV1,
  InvoiceIssuedV1,
  InvoicePaidV1,
  InvoiceWrittenOffV1,
  InvoicingPublishedEvents,
  PaymentAppliedV1,
  PaymentReceivedV1,
  PaymentReversedV1,
  PublishedEvent,
} from '@o2c/contracts';
import type { RecordedEvent } from '@o2c/event-store';
import { publishedFrom, type Translator } from '@o2c/messaging';
import { LEDGER_CATEGORY, type LedgerEvent } from '../ledger/events';

const publish = <T extends keyof InvoicingPublishedEvents>(event: RecordedEvent, type: T, accountId: string, data: InvoicingPublishedEvents[T]): PublishedEvent =>
  publishedFrom(event, { context: 'invoicing', type, key: accountId, data });

/**
 * Internal ledger events -> invoicing's published contracts (key: the account
 * id). Account terms, the account-level reversal marker and payments carried
 * over to a corrected invoice stay internal: the
 * per-invoice `PaymentApplicationReversed` is what others see as PaymentReversed.
 */
export function translateLedgerEvent(recorded: RecordedEvent): PublishedEvent | undefined {
  const event = { type: recorded.type, data: recorded.data } as LedgerEvent;
  switch (event.type) {
    case 'InvoiceIssued': {
      const d = event.data;
      const data: InvoiceIssuedV1 = {
        invoiceId: d.invoiceId,
        accountId: d.accountId,
        orderId: d.orderId,
        currency: d.currency,
        lines: d.lines,
        netMinor: d.netMinor,
        taxMinor: d.taxMinor,
        totalMinor: d.totalMinor,
        issuedOn: d.issuedOn,
        dueOn: d.dueOn,
        openAmountMinor: d.totalMinor - (d.alreadyPaidMinor ?? 0),
        ...(d.correctsInvoiceId !== undefined ? { correctsInvoiceId: d.correctsInvoiceId, alreadyPaidMinor: d.alreadyPaidMinor ?? 0 } : {}),
      };
      return publish(recorded, 'InvoiceIssued', d.accountId, data);
    }
    case 'PaymentReceived': {
      const d = event.data;
      const data: PaymentReceivedV1 = {
        paymentId: d.paymentId,
        accountId: d.accountId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        receivedOn: d.receivedOn,
        ...(d.reference !== undefined ? { reference: d.reference } : {}),
        unappliedMinor: d.unappliedMinor,
      };
      return publish(recorded, 'PaymentReceived', d.accountId, data);
    }
    case 'PaymentApplied': {
      const d = event.data;
      const data: PaymentAppliedV1 = {
        invoiceId: d.invoiceId,
        accountId: d.accountId,
        paymentId: d.paymentId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        receivedOn: d.receivedOn,
        openAmountMinor: d.openAmountMinor,
      };
      return publish(recorded, 'PaymentApplied', d.accountId, data);
    }
    case 'InvoicePaid': {
      const d = event.data;
      const data: InvoicePaidV1 = { invoiceId: d.invoiceId, accountId: d.accountId, paidOn: d.paidOn, dueOn: d.dueOn, daysLate: d.daysLate };
      return publish(recorded, 'InvoicePaid', d.accountId, data);
    }
    case 'PaymentApplicationReversed': {
      const d = event.data;
      const data: PaymentReversedV1 = {
        invoiceId: d.invoiceId,
        accountId: d.accountId,
        paymentId: d.paymentId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        reason: d.reason,
        openAmountMinor: d.openAmountMinor,
      };
      return publish(recorded, 'PaymentReversed', d.accountId, data);
    }
    case 'CreditNoteIssued': {
      const d = event.data;
      const data: CreditNoteIssuedV1 = {
        creditNoteId: d.creditNoteId,
        invoiceId: d.invoiceId,
        accountId: d.accountId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        reason: d.reason,
        openAmountMinor: d.openAmountMinor,
      };
      return publish(recorded, 'CreditNoteIssued', d.accountId, data);
    }
    case 'InvoiceWrittenOff': {
      const d = event.data;
      const data: InvoiceWrittenOffV1 = {
        invoiceId: d.invoiceId,
        accountId: d.accountId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        reason: d.reason,
        approvedBy: d.approvedBy,
        openAmountMinor: d.openAmountMinor,
      };
      return publish(recorded, 'InvoiceWrittenOff', d.accountId, data);
    }
    case 'AccountTermsLearned':
    case 'PaymentTermsChanged':
    case 'PaymentReversed':
    // Others learn the move from the corrected invoice's InvoiceIssued (openAmountMinor, alreadyPaidMinor) and the credit note.
    case 'PaymentsCarriedOver':
      return undefined;
    default: {
      // A type this version does not know stays internal.
      const _unknown: never = event;
      return undefined;
    }
  }
}

export const invoicingTranslator: Translator = {
  context: 'invoicing',
  filter: { streamNamePrefixes: [`${LEDGER_CATEGORY}-`] },
  translate: translateLedgerEvent,
};

