import type {
  CreditNoteIssuedV1,
  InvoiceIssuedV1,
  InvoicePaidV1,
  InvoiceWrittenOffV1,
  InvoicingPublishedEventType,
  PaymentAppliedV1,
  PaymentReversedV1,
  PublishedEvent,
} from '@o2c/contracts';
import type { AccountCommand } from '../account/account.commands';

/** The invoicing events that change an account's receivables or say how it pays. */
export const RECEIVABLE_EVENT_TYPES = ['InvoiceIssued', 'PaymentApplied', 'PaymentReversed', 'CreditNoteIssued', 'InvoiceWrittenOff', 'InvoicePaid'] as const satisfies readonly InvoicingPublishedEventType[];
export type ReceivableEventType = (typeof RECEIVABLE_EVENT_TYPES)[number];

/**
 * Invoicing's published event -> the command on the account it concerns.
 * Every one carries `openAmountMinor` after its change, so the account keeps
 * each invoice's open amount as invoicing last said it, without replaying
 * invoicing's rules.
 */
export function receivableCommandOf(event: PublishedEvent): { accountId: string; command: AccountCommand } | undefined {
  const at = event.metadata.occurredAt;
  switch (event.type as ReceivableEventType) {
    case 'InvoiceIssued': {
      const d = event.data as InvoiceIssuedV1;
      return {
        accountId: d.accountId,
        command: { type: 'RecordInvoiceIssued', invoiceId: d.invoiceId, orderId: d.orderId, currency: d.currency, totalMinor: d.totalMinor, openAmountMinor: d.openAmountMinor, issuedOn: d.issuedOn, dueOn: d.dueOn, at },
      };
    }
    case 'PaymentApplied': {
      const d = event.data as PaymentAppliedV1;
      return { accountId: d.accountId, command: { type: 'RecordReceivableChange', invoiceId: d.invoiceId, cause: 'PaymentApplied', amountMinor: d.amountMinor, currency: d.currency, reference: d.paymentId, openAmountMinor: d.openAmountMinor, at } };
    }
    case 'PaymentReversed': {
      const d = event.data as PaymentReversedV1;
      return { accountId: d.accountId, command: { type: 'RecordReceivableChange', invoiceId: d.invoiceId, cause: 'PaymentReversed', amountMinor: d.amountMinor, currency: d.currency, reference: d.paymentId, openAmountMinor: d.openAmountMinor, at } };
    }
    case 'CreditNoteIssued': {
      const d = event.data as CreditNoteIssuedV1;
      return { accountId: d.accountId, command: { type: 'RecordReceivableChange', invoiceId: d.invoiceId, cause: 'CreditNoteIssued', amountMinor: d.amountMinor, currency: d.currency, reference: d.creditNoteId, openAmountMinor: d.openAmountMinor, at } };
    }
    case 'InvoiceWrittenOff': {
      const d = event.data as InvoiceWrittenOffV1;
      return { accountId: d.accountId, command: { type: 'RecordReceivableChange', invoiceId: d.invoiceId, cause: 'InvoiceWrittenOff', amountMinor: d.amountMinor, currency: d.currency, openAmountMinor: d.openAmountMinor, at } };
    }
    case 'InvoicePaid': {
      const d = event.data as InvoicePaidV1;
      return { accountId: d.accountId, command: { type: 'RecordInvoicePaid', invoiceId: d.invoiceId, paidOn: d.paidOn, dueOn: d.dueOn, daysLate: d.daysLate, at } };
    }
    default:
      return undefined;
  }
}
