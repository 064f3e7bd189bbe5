import type { AccountKind, ContactV1, RiskClass, Segment } from '@o2c/contracts';
import type { Exposure, ExposureSeen, HoldReason, OrderCreditStatus } from './account.events';
import type { PaymentBehaviour } from './risk';

/** One order's credit standing; `released` orders not yet invoiced count in the exposure. */
export interface OrderCredit {
  readonly orderId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly status: OrderCreditStatus;
  readonly placedAt?: string;
  /** For held orders: why, and what the check saw. */
  readonly holdReason?: HoldReason;
  readonly exposure?: ExposureSeen;
  readonly creditLimitMinor?: number;
}

/** An invoice that still owes something, as invoicing last published it. */
export interface Receivable {
  readonly invoiceId: string;
  readonly orderId?: string;
  readonly currency: string;
  readonly openAmountMinor: number;
  readonly dueOn?: string;
}

export interface OpenedAccount {
  readonly status: 'Open';
  readonly accountId: string;
  readonly legalName: string;
  readonly kind: AccountKind;
  readonly segment: Segment;
  readonly country: string;
  readonly siren?: string;
  readonly siret?: string;
  readonly currency: string;
  readonly paymentTermsDays: number;
  readonly creditLimitMinor: number;
  readonly contacts: readonly ContactV1[];
  readonly region?: string;
  readonly openedAt: string;
  readonly orders: Readonly<Record<string, OrderCredit>>;
  /** Open receivables only: an invoice leaves when nothing is owed on it and comes back if a reversal reopens it. */
  readonly receivables: Readonly<Record<string, Receivable>>;
  readonly behaviour: PaymentBehaviour;
  readonly risk: { readonly riskClass: RiskClass; readonly reasons: readonly string[] };
}

export type AccountState = { readonly status: 'Empty' } | OpenedAccount;

/**
 * Exposure apart from a new order, in the account's currency: open
 * receivables plus orders released but not yet invoiced. An order counts in
 * one place only: its InvoiceIssued moves it to the receivables.
 * Amounts in another currency (an approved currency-mismatch hold) are left out: they cannot be summed.
 */
export function exposureOf(account: OpenedAccount): Exposure {
  let receivablesMinor = 0;
  for (const r of Object.values(account.receivables)) if (r.currency === account.currency && r.openAmountMinor > 0) receivablesMinor += r.openAmountMinor;
  let uninvoicedOrdersMinor = 0;
  for (const o of Object.values(account.orders)) if (o.status === 'released' && o.currency === account.currency) uninvoicedOrdersMinor += o.amountMinor;
  return { receivablesMinor, uninvoicedOrdersMinor };
}

export const heldOrdersOf = (account: OpenedAccount): OrderCredit[] => Object.values(account.orders).filter((o) => o.status === 'held');
