import type { AccountKind, ContactOutcome, DunningChannel, HoldKind, RiskClass, Segment } from '@o2c/contracts';
import type { DunningPolicyVersion } from '../policy/dunning-policy';
import type { AssignmentRule, RunRules } from './case-rules';
import type { CaseContact } from './case.events';

export type CaseCommand =
  | {
      type: 'LearnAccountProfile';
      accountId: string;
      legalName: string;
      kind: AccountKind;
      segment: Segment;
      currency: string;
      paymentTermsDays: number;
      contacts: readonly CaseContact[];
      region?: string;
      /** The assignment rules in force: the case opens with its collector (the daily run re-checks them as amounts change). */
      assignment?: readonly AssignmentRule[];
    }
  | { type: 'LearnSegment'; accountId: string; segment: Segment }
  | { type: 'LearnRiskClass'; accountId: string; riskClass: RiskClass }
  | { type: 'LearnInvoice'; accountId: string; invoiceId: string; issuedOn: string; dueOn: string; totalMinor: number; openAmountMinor: number; currency: string }
  | { type: 'LearnOpenAmount'; accountId: string; invoiceId: string; cause: 'payment' | 'reversal' | 'credit_note' | 'write_off'; amountMinor: number; openAmountMinor: number; on: string; paymentId?: string }
  | {
      type: 'PlaceHold';
      accountId: string;
      holdId: string;
      kind: HoldKind;
      scope: 'account' | 'invoice' | 'amount';
      invoiceIds?: readonly string[];
      amountMinor?: number;
      reason: string;
      expiresOn?: string;
      on: string;
      placedBy: string;
      source?: string;
    }
  /** By hold id, or every active hold of a source (a dispute, a claim). */
  | { type: 'ReleaseHold'; accountId: string; holdId?: string; source?: string; reason: string; on: string }
  | { type: 'RunDailyDunning'; accountId: string; on: string; policies: Readonly<Record<string, DunningPolicyVersion>>; rules: RunRules }
  | {
      type: 'RecordPromiseToPay';
      accountId: string;
      promiseId: string;
      amountMinor: number;
      currency: string;
      promisedFor: string;
      contactId?: string;
      channel: string;
      invoiceIds: readonly string[];
      recordedBy: string;
      on: string;
    }
  | { type: 'ProposePaymentPlan'; accountId: string; planId: string; installments: readonly { dueOn: string; amountMinor: number }[]; currency: string; invoiceIds: readonly string[]; maxMissed: number; proposedBy: string; on: string }
  | { type: 'AcceptPaymentPlan'; accountId: string; planId: string; acceptedBy: string; on: string }
  | { type: 'RecordContactOutcome'; accountId: string; contactId?: string; collectorId: string; channel: DunningChannel | 'phone'; outcome: ContactOutcome; note?: string; at: string }
  | { type: 'AssignCollector'; accountId: string; collectorId: string; team: string }
  | { type: 'OpenDeliveryFailureTask'; accountId: string; reminderId: string; channel: string; reason: string; on: string };
