import type { DomainEvent } from '@o2c/kernel';

/**
 * What happens on an account's ledger (stream `ledger-<accountId>`): every
 * invoice, payment, allocation, reversal, credit note and write-off of one
 * account, so an allocation is one decision on one consistent state.
 * Amounts are integer minor units in the account's currency; dates are ISO
 * dates (YYYY-MM-DD).
 */
export interface InvoiceLine {
  readonly description: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
  /** Basis points: 2000 = 20%. */
  readonly taxRateBp: number;
  readonly netMinor: number;
  readonly taxMinor: number;
}

export type LedgerEvent =
  | DomainEvent<'AccountTermsLearned', { accountId: string; currency: string; paymentTermsDays: number }>
  | DomainEvent<'PaymentTermsChanged', { accountId: string; paymentTermsDays: number; reason: string }>
  | DomainEvent<
      'InvoiceIssued',
      {
        invoiceId: string;
        accountId: string;
        orderId: string;
        currency: string;
        lines: readonly InvoiceLine[];
        netMinor: number;
        taxMinor: number;
        totalMinor: number;
        issuedOn: string;
        dueOn: string;
        /** A corrected invoice: the invoice it replaces (cancelled by a credit note in the same decision). */
        correctsInvoiceId?: string;
        /** A corrected invoice: what the payments on the replaced invoice already paid of it (PaymentsCarriedOver follows). */
        alreadyPaidMinor?: number;
      }
    >
  | DomainEvent<
      'PaymentReceived',
      {
        paymentId: string;
        accountId: string;
        amountMinor: number;
        currency: string;
        receivedOn: string;
        method: string;
        reference?: string;
        /** What no open invoice took: kept as unapplied cash for the next invoice. */
        unappliedMinor: number;
      }
    >
  | DomainEvent<
      'PaymentApplied',
      {
        paymentId: string;
        invoiceId: string;
        accountId: string;
        amountMinor: number;
        currency: string;
        /** The day the money met the invoice: the receipt day, or the issue day when unapplied cash pays a new invoice. */
        appliedOn: string;
        receivedOn: string;
        /** The invoice's open amount after this application. */
        openAmountMinor: number;
      }
    >
  | DomainEvent<'InvoicePaid', { invoiceId: string; accountId: string; paidOn: string; dueOn: string; daysLate: number }>
  | DomainEvent<
      'PaymentReversed',
      {
        paymentId: string;
        accountId: string;
        amountMinor: number;
        currency: string;
        reason: string;
        reversedOn: string;
        /** The part of the payment that was still unapplied cash, removed with it. */
        unappliedRemovedMinor: number;
      }
    >
  | DomainEvent<
      'PaymentApplicationReversed',
      { paymentId: string; invoiceId: string; accountId: string; amountMinor: number; currency: string; reason: string; openAmountMinor: number }
    >
  | DomainEvent<
      'CreditNoteIssued',
      { creditNoteId: string; invoiceId: string; accountId: string; amountMinor: number; currency: string; reason: string; issuedOn: string; openAmountMinor: number }
    >
  | DomainEvent<
      'PaymentsCarriedOver',
      {
        accountId: string;
        currency: string;
        fromInvoiceId: string;
        toInvoiceId: string;
        /** Per payment: what leaves the replaced invoice, and what of it pays the corrected one (the rest is unapplied cash again). */
        carried: readonly { paymentId: string; amountMinor: number; appliedMinor: number }[];
      }
    >
  | DomainEvent<
      'InvoiceWrittenOff',
      { invoiceId: string; accountId: string; amountMinor: number; currency: string; reason: string; approvedBy: string; writtenOffOn: string; openAmountMinor: number }
    >;

export type LedgerEventType = LedgerEvent['type'];
export type LedgerEventOf<T extends LedgerEventType> = Extract<LedgerEvent, { type: T }>;

export const LEDGER_CATEGORY = 'ledger';
export const ledgerStream = (accountId: string): string => `${LEDGER_CATEGORY}-${accountId}`;
export const accountIdOfStream = (streamName: string): string => streamName.slice(LEDGER_CATEGORY.length + 1);

/** One invoice per order: the invoice id is derived from the order id, so a redelivered delivery finds its invoice. */
export const invoiceIdOf = (orderId: string): string => `INV-${orderId}`;
/** The invoice that corrects `invoiceId` at a dispute's n-th resolution. */
export const correctedInvoiceIdOf = (invoiceId: string, resolution: number): string => `${invoiceId}-C${resolution}`;
