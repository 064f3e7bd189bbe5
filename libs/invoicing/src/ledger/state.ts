import type { InvoiceLine } from './events';

/** One invoice as the ledger knows it; every counter is the sum of its events, so open = total - applied + reversed - credited - written off. */
export interface InvoiceState {
  readonly invoiceId: string;
  readonly orderId: string;
  readonly lines: readonly InvoiceLine[];
  readonly taxMinor: number;
  readonly totalMinor: number;
  readonly issuedOn: string;
  readonly dueOn: string;
  openAmountMinor: number;
  appliedMinor: number;
  reversedMinor: number;
  creditedMinor: number;
  writtenOffMinor: number;
  /** The invoice that replaced this one (a correction), if any. */
  correctedBy?: string;
}

export interface PaymentState {
  readonly paymentId: string;
  readonly amountMinor: number;
  readonly receivedOn: string;
  /** What this payment still pays on each invoice (a reversal reopens exactly this). */
  readonly applications: Map<string, number>;
  unappliedMinor: number;
  reversed: boolean;
}

export interface CreditNoteState {
  readonly invoiceId: string;
  readonly amountMinor: number;
}

/**
 * An account's ledger. `AwaitingAccount` until accounts tells us the account's
 * currency and payment terms; nothing can be invoiced or paid before that.
 * The maps are in event order (payments: oldest receipt first).
 */
export type LedgerState =
  | { readonly status: 'AwaitingAccount' }
  | {
      readonly status: 'Active';
      readonly accountId: string;
      readonly currency: string;
      paymentTermsDays: number;
      readonly invoices: Map<string, InvoiceState>;
      readonly payments: Map<string, PaymentState>;
      readonly creditNotes: Map<string, CreditNoteState>;
    };

export type ActiveLedger = Extract<LedgerState, { status: 'Active' }>;

export const initialLedgerState = (): LedgerState => ({ status: 'AwaitingAccount' });

/** Receivables: the sum of the invoices' open amounts. */
export function receivableMinor(state: LedgerState): number {
  if (state.status !== 'Active') return 0;
  let sum = 0;
  for (const invoice of state.invoices.values()) sum += invoice.openAmountMinor;
  return sum;
}

export function unappliedCashMinor(state: LedgerState): number {
  if (state.status !== 'Active') return 0;
  let sum = 0;
  for (const payment of state.payments.values()) sum += payment.unappliedMinor;
  return sum;
}
