import { Query } from '@nestjs/cqrs';

export interface AccountBalanceView {
  accountId: string;
  at: string;
  currency: string | null;
  /** Sum of the invoices' open amounts. */
  receivableMinor: number;
  /** Payments not (yet) applied to any invoice. */
  unappliedCashMinor: number;
  /** receivable - unapplied cash: what the account owes net. */
  balanceMinor: number;
  openInvoices: number;
  /** How many ledger events the replay folded. */
  eventsReplayed: number;
}

export interface InvoiceBalanceView {
  invoiceId: string;
  accountId: string;
  at: string;
  currency: string;
  totalMinor: number;
  openAmountMinor: number;
  appliedMinor: number;
  reversedMinor: number;
  creditedMinor: number;
  writtenOffMinor: number;
}

/** Balances at a past instant, replayed from the ledger stream (events whose occurredAt is at or before `at`). */
export class AccountBalanceAtQuery extends Query<AccountBalanceView> {
  constructor(
    readonly accountId: string,
    readonly at?: string,
  ) {
    super();
  }
}

export class InvoiceBalanceAtQuery extends Query<InvoiceBalanceView> {
  constructor(
    readonly invoiceId: string,
    readonly at?: string,
  ) {
    super();
  }
}
