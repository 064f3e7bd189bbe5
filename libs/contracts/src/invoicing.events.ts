/**
 * What the invoicing context publishes (topic `o2c.invoicing.events`, key:
 * the account id, so one account's receivables stay in order). Every event
 * that changes what an invoice still owes carries `openAmountMinor` after the
 * change, so a consumer can keep an account's receivables exactly without
 * replaying invoicing's rules.
 */
export interface InvoiceLineV1 {
  readonly description: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
  /** Tax rate in basis points (2000 = 20%). */
  readonly taxRateBp: number;
  readonly netMinor: number;
  readonly taxMinor: number;
}

export interface InvoiceIssuedV1 {
  readonly invoiceId: string;
  readonly accountId: string;
  readonly orderId: string;
  readonly currency: string;
  readonly lines: readonly InvoiceLineV1[];
  readonly netMinor: number;
  readonly taxMinor: number;
  readonly totalMinor: number;
  /** ISO dates (YYYY-MM-DD). */
  readonly issuedOn: string;
  readonly dueOn: string;
  readonly openAmountMinor: number;
  /** Optional (added by invoicing): a corrected invoice names the invoice it replaces, which a credit note in the same decision cancels. */
  readonly correctsInvoiceId?: string;
  /** Optional (added by invoicing): a corrected invoice, what the payments on the replaced invoice already paid of it (openAmountMinor = totalMinor - alreadyPaidMinor). */
  readonly alreadyPaidMinor?: number;
}

/** A payment (or part of one) applied to an invoice. */
export interface PaymentAppliedV1 {
  readonly invoiceId: string;
  readonly accountId: string;
  readonly paymentId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly receivedOn: string;
  readonly openAmountMinor: number;
}

export interface InvoicePaidV1 {
  readonly invoiceId: string;
  readonly accountId: string;
  readonly paidOn: string;
  readonly dueOn: string;
  /** Days after the due date (negative: early). */
  readonly daysLate: number;
}

/** A payment received on an account, before allocation; unapplied cash is what no open invoice took. */
export interface PaymentReceivedV1 {
  readonly paymentId: string;
  readonly accountId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly receivedOn: string;
  readonly reference?: string;
  readonly unappliedMinor: number;
}

/** A bounced direct debit or a chargeback reopened what the payment had paid on this invoice. */
export interface PaymentReversedV1 {
  readonly invoiceId: string;
  readonly accountId: string;
  readonly paymentId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason: string;
  readonly openAmountMinor: number;
}

export interface CreditNoteIssuedV1 {
  readonly creditNoteId: string;
  readonly invoiceId: string;
  readonly accountId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason: string;
  readonly openAmountMinor: number;
}

export interface InvoiceWrittenOffV1 {
  readonly invoiceId: string;
  readonly accountId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason: string;
  readonly approvedBy: string;
  readonly openAmountMinor: number;
}

export interface InvoicingPublishedEvents {
  InvoiceIssued: InvoiceIssuedV1;
  PaymentReceived: PaymentReceivedV1;
  PaymentApplied: PaymentAppliedV1;
  InvoicePaid: InvoicePaidV1;
  PaymentReversed: PaymentReversedV1;
  CreditNoteIssued: CreditNoteIssuedV1;
  InvoiceWrittenOff: InvoiceWrittenOffV1;
}
export type InvoicingPublishedEventType = keyof InvoicingPublishedEvents;
