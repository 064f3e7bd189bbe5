import type { AccountKind, ContactOutcome, ContactRole, DunningChannel, HoldKind, RiskClass, Segment } from '@o2c/contracts';

export const CASE_CATEGORY = 'collectionCase';
export const caseStream = (accountId: string): string => `${CASE_CATEGORY}-${accountId}`;

export interface CaseContact {
  readonly contactId: string;
  readonly name: string;
  readonly role: ContactRole;
  readonly email?: string;
  readonly phone?: string;
  readonly preferredChannel: string;
}

export interface Hold {
  readonly holdId: string;
  readonly kind: HoldKind;
  readonly scope: 'account' | 'invoice' | 'amount';
  /** invoice / amount scope: the invoices held. */
  readonly invoiceIds?: readonly string[];
  /** amount scope: the amount held on its (single) invoice; the rest stays dunnable. */
  readonly amountMinor?: number;
  readonly reason: string;
  /** The hold covers the days before this date and ends on it. */
  readonly expiresOn?: string;
  readonly placedOn: string;
  readonly placedBy: string;
  /** The dispute, claim, promise or plan it belongs to. */
  readonly source?: string;
}

/** What decided an automated action (decision provenance). */
export interface Provenance {
  readonly policyId: string;
  readonly policyVersion: number;
  readonly stepId?: string;
  readonly segment: Segment;
  readonly kind: AccountKind;
  readonly riskClass: RiskClass;
  readonly invoices: readonly {
    readonly invoiceId: string;
    readonly openMinor: number;
    readonly dunnableMinor: number;
    readonly daysLate: number;
    /** Days late on the ladder: days late - days held + escalation. */
    readonly ladderDay: number;
    readonly holdsConsidered: readonly string[];
  }[];
}

export interface ReminderItem {
  readonly invoiceId: string;
  readonly openAmountMinor: number;
  readonly currency: string;
  readonly dueOn: string;
  readonly daysLate: number;
}

export interface ScorePart {
  readonly part: string;
  readonly input: number | string;
  readonly points: number;
}

export type CaseEvent =
  | { type: 'AccountProfileLearned'; data: { accountId: string; legalName: string; kind: AccountKind; segment: Segment; currency: string; paymentTermsDays: number; contacts: readonly CaseContact[]; region?: string } }
  | { type: 'SegmentLearned'; data: { accountId: string; segment: Segment } }
  | { type: 'RiskClassLearned'; data: { accountId: string; riskClass: RiskClass } }
  | { type: 'InvoiceLearned'; data: { accountId: string; invoiceId: string; issuedOn: string; dueOn: string; totalMinor: number; openAmountMinor: number; currency: string } }
  | {
      type: 'InvoiceOpenAmountChanged';
      data: { accountId: string; invoiceId: string; cause: 'payment' | 'reversal' | 'credit_note' | 'write_off'; amountMinor: number; openAmountMinor: number; on: string; paymentId?: string };
    }
  | { type: 'HoldPlaced'; data: Hold & { accountId: string } }
  | { type: 'HoldReleased'; data: { accountId: string; holdId: string; kind: HoldKind; reason: string; releasedOn: string } }
  | {
      type: 'DunningStepTaken';
      data: {
        accountId: string;
        reminderId: string;
        stepId: string;
        channel: DunningChannel;
        templateId: string;
        policyId: string;
        policyVersion: number;
        on: string;
        /** Each invoice that reached a step today, and the step it reached (the notice is the most severe of them). */
        steps: readonly { invoiceId: string; stepId: string }[];
        /** Every overdue dunnable item of the account, listed on the notice. */
        items: readonly ReminderItem[];
        totalMinor: number;
        currency: string;
        /** Charges assessed today on the listed items (French B2B rules). */
        charges: readonly { invoiceId: string; kind: 'late_payment_penalty' | 'recovery_indemnity'; amountMinor: number }[];
        provenance: Provenance;
      };
    }
  | {
      type: 'CallTaskOpened';
      data: { accountId: string; taskId: string; reason: 'dunning_step' | 'delivery_failed' | 'promise_broken'; stepId?: string; on: string; invoiceIds: readonly string[]; detail?: string; provenance?: Provenance };
    }
  | { type: 'LatePaymentChargeAssessed'; data: { accountId: string; invoiceId: string; kind: 'late_payment_penalty' | 'recovery_indemnity'; amountMinor: number; currency: string; basis: string; on: string; fromDate?: string; rateBp?: number; provenance?: Provenance } }
  | { type: 'DunningLadderExhausted'; data: { accountId: string; policyId: string; policyVersion: number; invoiceIds: readonly string[]; openMinor: number; currency: string; on: string; provenance: Provenance } }
  | { type: 'LadderEscalated'; data: { accountId: string; reason: string; on: string; advanceDays: Readonly<Record<string, number>> } }
  | {
      type: 'PromiseToPayRecorded';
      data: { accountId: string; promiseId: string; amountMinor: number; currency: string; promisedFor: string; contactId?: string; channel: string; invoiceIds: readonly string[]; recordedBy: string; recordedOn: string };
    }
  | { type: 'PromiseToPayKept'; data: { accountId: string; promiseId: string; paidMinor: number; on: string } }
  | { type: 'PromiseToPayBroken'; data: { accountId: string; promiseId: string; promisedMinor: number; paidMinor: number; currency: string; promisedFor: string; on: string } }
  | {
      type: 'PaymentPlanProposed';
      data: { accountId: string; planId: string; installments: readonly { dueOn: string; amountMinor: number }[]; currency: string; invoiceIds: readonly string[]; maxMissed: number; proposedBy: string; on: string };
    }
  | {
      type: 'PaymentPlanAccepted';
      data: { accountId: string; planId: string; on: string; acceptedBy: string; installments: readonly { dueOn: string; amountMinor: number }[]; currency: string; invoiceIds: readonly string[] };
    }
  | { type: 'PaymentPlanInstallmentKept'; data: { accountId: string; planId: string; index: number; dueOn: string } }
  | { type: 'PaymentPlanInstallmentMissed'; data: { accountId: string; planId: string; index: number; dueOn: string; missed: number } }
  | { type: 'PaymentPlanEnded'; data: { accountId: string; planId: string; outcome: 'completed' | 'broken' | 'cancelled'; on: string } }
  | { type: 'ContactOutcomeRecorded'; data: { accountId: string; contactId?: string; collectorId: string; channel: DunningChannel | 'phone'; outcome: ContactOutcome; note?: string; at: string } }
  | { type: 'CollectorAssigned'; data: { accountId: string; collectorId: string; team: string; by: 'rule' | 'manual'; rule?: string } }
  | {
      type: 'PriorityScored';
      data: {
        accountId: string;
        on: string;
        onWorklist: boolean;
        score: number;
        parts: readonly ScorePart[];
        amountAtStakeMinor: number;
        maxDaysLate: number;
        nextAction: { channel: DunningChannel | 'phone'; on: string; why: string } | null;
        /** The due date of the oldest overdue item: from it the days-late part grows by `perDayLate` a day until the next score (absent before this field existed: the score stood still). */
        oldestDueOn?: string | null;
        perDayLate?: number;
      };
    };

export type CaseEventType = CaseEvent['type'];
