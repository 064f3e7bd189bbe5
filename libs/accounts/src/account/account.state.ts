import type { AccountKind, ContactV1, RiskClass, Segment } from '@o2c/contracts';
import type { Exposure, ExposureSeen, HoldReason } from './account.events';
import type { ClosedIds } from './closed-ids';
import { valuesOf, type PersistentMap } from '@o2c/kernel';
import type { PaymentBehaviour } from './risk';

/** An open order's credit standing: `held` for a credit manager, or `released` and not yet invoiced (counted in the exposure). */
export interface OrderCredit {
  readonly orderId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly status: 'held' | 'released';
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
  /** Open orders only: an order leaves when it is invoiced, rejected or cancelled, so the state stays small on a long history. */
  readonly orders: PersistentMap<OrderCredit>;
  /** Orders invoiced, rejected or cancelled: a later message about one of them decides nothing again. */
  readonly closedOrders: ClosedIds;
  /** Open receivables only: an invoice leaves when nothing is owed on it and comes back if a reversal reopens it. */
  readonly receivables: PersistentMap<Receivable>;
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
  for (const r of valuesOf(account.receivables)) if (r.currency === account.currency && r.openAmountMinor > 0) receivablesMinor += r.openAmountMinor;
  let uninvoicedOrdersMinor = 0;
  for (const o of valuesOf(account.orders)) if (o.status === 'released' && o.currency === account.currency) uninvoicedOrdersMinor += o.amountMinor;
  return { receivablesMinor, uninvoicedOrdersMinor };
}

export const heldOrdersOf = (account: OpenedAccount): OrderCredit[] => valuesOf(account.orders).filter((o) => o.status === 'held');
