import type { AccountKind, ContactV1, RiskClass, Segment } from '@o2c/contracts';
import type { CreditLimitBasis } from './credit-limit.policy';
import type { RiskMeasures } from './risk';

/**
 * The account stream's events (`account-<accountId>`): internal to the
 * accounts context; the translator turns some of them into the published
 * contracts of libs/contracts/src/accounts.events.ts.
 */

/** An account's exposure apart from a new order: what invoicing says is still owed, and orders released but not yet invoiced. */
export interface Exposure {
  readonly receivablesMinor: number;
  readonly uninvoicedOrdersMinor: number;
}

/** What a credit decision saw: the exposure, the order, and their total (the figure compared with the limit). */
export interface ExposureSeen extends Exposure {
  readonly orderMinor: number;
  readonly totalMinor: number;
}

export type HoldReason = 'over_limit' | 'currency_mismatch';
export type OrderCreditStatus = 'held' | 'released' | 'rejected' | 'cancelled' | 'invoiced';
export type ReceivableChangeCause = 'PaymentApplied' | 'PaymentReversed' | 'CreditNoteIssued' | 'InvoiceWrittenOff';
export type BehaviourSignal = 'promise_broken' | 'dispute_opened' | 'dispute_closed';

export type AccountEvent =
  | {
      type: 'AccountOpened';
      /** 2 since `country` is always given (ACCOUNT_EVENT_UPCASTERS reads v1). */
      schemaVersion?: number;
      data: {
        accountId: string;
        legalName: string;
        kind: AccountKind;
        segment: Segment;
        /** ISO 3166-1 alpha-2. */
        country: string;
        siren?: string;
        siret?: string;
        currency: string;
        paymentTermsDays: number;
        creditLimitMinor: number;
        creditLimitBasis: CreditLimitBasis;
        contacts: ContactV1[];
        region?: string;
        declaredAnnualRevenueMinor?: number;
        expectedMonthlyVolumeMinor?: number;
        openedAt: string;
        openedBy: string;
      };
    }
  | { type: 'AccountSegmentChanged'; data: { accountId: string; segment: Segment; previous: Segment; reason: string; changedBy: string } }
  | { type: 'PaymentTermsChanged'; data: { accountId: string; paymentTermsDays: number; previous: number; reason: string; changedBy: string } }
  | { type: 'CreditLimitChanged'; data: { accountId: string; creditLimitMinor: number; previous: number; currency: string; reason: string; changedBy: string } }
  | {
      type: 'OrderCreditReleased';
      data: {
        accountId: string;
        orderId: string;
        amountMinor: number;
        currency: string;
        placedAt: string;
        exposure: ExposureSeen;
        creditLimitMinor: number;
        /** `automatic` (within the limit) or the credit manager who approved the held order. */
        releasedBy: string;
        reason?: string;
        exposureAfter: Exposure;
      };
    }
  | {
      type: 'OrderCreditHeld';
      data: {
        accountId: string;
        orderId: string;
        amountMinor: number;
        currency: string;
        placedAt: string;
        exposure: ExposureSeen;
        creditLimitMinor: number;
        holdReason: HoldReason;
      };
    }
  | {
      type: 'OrderCreditRejected';
      data: { accountId: string; orderId: string; amountMinor: number; currency: string; reason: string; rejectedBy: string; exposureAfter: Exposure };
    }
  | {
      type: 'OrderCancelled';
      /** `previousStatus` absent: the cancellation came before the order, which will then not be checked. */
      data: { accountId: string; orderId: string; reason: string; previousStatus?: 'held' | 'released'; amountMinor: number; exposureAfter: Exposure };
    }
  | {
      type: 'ReceivableOpened';
      data: {
        accountId: string;
        invoiceId: string;
        orderId: string;
        currency: string;
        totalMinor: number;
        openAmountMinor: number;
        issuedOn: string;
        dueOn: string;
        /** The released order's amount that moved from "uninvoiced" to this receivable (0 when it was not counted there). */
        orderAmountMovedMinor: number;
        exposureAfter: Exposure;
      };
    }
  | {
      type: 'ReceivableChanged';
      data: {
        accountId: string;
        invoiceId: string;
        cause: ReceivableChangeCause;
        amountMinor: number;
        currency: string;
        /** The payment or credit note id. */
        reference?: string;
        openAmountMinor: number;
        previousOpenAmountMinor: number;
        at: string;
        exposureAfter: Exposure;
      };
    }
  | { type: 'InvoicePaidRecorded'; data: { accountId: string; invoiceId: string; paidOn: string; dueOn: string; daysLate: number } }
  | { type: 'BehaviourSignalRecorded'; data: { accountId: string; signal: BehaviourSignal; reference: string; at: string } }
  | { type: 'RiskClassChanged'; data: { accountId: string; riskClass: RiskClass; previous: RiskClass; reasons: string[]; measures: RiskMeasures } };

export type AccountEventType = AccountEvent['type'];
export type AccountEventOf<T extends AccountEventType> = Extract<AccountEvent, { type: T }>;

export const ACCOUNT_STREAM_PREFIX = 'account-';
export const accountStream = (accountId: string): string => `${ACCOUNT_STREAM_PREFIX}${accountId}`;
