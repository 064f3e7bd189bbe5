/** What can be asked of an account's ledger. "Now" arrives in the command (`on`: the business day), never read inside. */
export interface DeliveredLine {
  readonly description: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
  readonly taxRateBp: number;
}

export type LedgerCommand =
  | { type: 'LearnAccountTerms'; accountId: string; currency: string; paymentTermsDays: number }
  | { type: 'ChangePaymentTerms'; accountId: string; paymentTermsDays: number; reason: string }
  | { type: 'IssueInvoice'; accountId: string; orderId: string; currency: string; deliveredOn: string; lines: readonly DeliveredLine[] }
  | {
      type: 'ReceivePayment';
      accountId: string;
      paymentId: string;
      amountMinor: number;
      currency: string;
      receivedOn: string;
      method: string;
      reference?: string;
    }
  | { type: 'ReversePayment'; accountId: string; paymentId: string; reason: string; reversedOn: string }
  | { type: 'IssueCreditNote'; accountId: string; invoiceId: string; creditNoteId: string; amountMinor: number; reason: string; on: string }
  | {
      /** Cancel an invoice by a credit note and issue the corrected one (an invoice is never edited). */
      type: 'CorrectInvoice';
      accountId: string;
      invoiceId: string;
      correctedInvoiceId: string;
      creditNoteId: string;
      /** What the corrected invoice says in total (tax included), integer minor units. */
      correctedTotalMinor: number;
      currency: string;
      reason: string;
      on: string;
    }
  | { type: 'WriteOffInvoice'; accountId: string; invoiceId: string; reason: string; approvedBy: string; on: string };
