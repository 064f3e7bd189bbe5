/**
 * What the collections context publishes (topic `o2c.collections.events`,
 * key: the account id). Amounts are integer minor units.
 */
export const DUNNING_CHANNELS = ['email', 'sms', 'letter', 'registered_letter', 'call_task', 'voicemail'] as const;
export type DunningChannel = (typeof DUNNING_CHANNELS)[number];

export const HOLD_KINDS = ['dispute', 'promise_to_pay', 'payment_plan', 'autopay_pending', 'legal', 'vip', 'agency'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

export interface ReminderSentV1 {
  readonly accountId: string;
  readonly reminderId: string;
  readonly channel: DunningChannel;
  readonly stepId: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly invoiceIds: readonly string[];
  readonly totalMinor: number;
  readonly currency: string;
  readonly sentAt: string;
}

/** The formal notice (mise en demeure) was sent: it must precede any agency placement. */
export interface FormalNoticeSentV1 {
  readonly accountId: string;
  readonly reminderId: string;
  readonly invoiceIds: readonly string[];
  readonly totalMinor: number;
  readonly currency: string;
  readonly sentAt: string;
}

/** The account's ladder has no amicable step left: the agency context decides whether and where to place it. */
export interface DunningLadderExhaustedV1 {
  readonly accountId: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly invoiceIds: readonly string[];
  readonly openMinor: number;
  readonly currency: string;
  readonly exhaustedOn: string;
}

export interface PromiseToPayRecordedV1 {
  readonly accountId: string;
  readonly promiseId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly promisedFor: string;
  readonly invoiceIds: readonly string[];
  readonly recordedBy: string;
}

export interface PromiseToPayKeptV1 {
  readonly accountId: string;
  readonly promiseId: string;
}

export interface PromiseToPayBrokenV1 {
  readonly accountId: string;
  readonly promiseId: string;
  readonly promisedMinor: number;
  readonly paidMinor: number;
  readonly currency: string;
  readonly promisedFor: string;
}

export interface PaymentPlanAgreedV1 {
  readonly accountId: string;
  readonly planId: string;
  readonly installments: readonly { readonly dueOn: string; readonly amountMinor: number }[];
  readonly currency: string;
  readonly invoiceIds: readonly string[];
}

export interface PaymentPlanEndedV1 {
  readonly accountId: string;
  readonly planId: string;
  readonly outcome: 'completed' | 'broken' | 'cancelled';
}

export interface HoldPlacedV1 {
  readonly accountId: string;
  readonly holdId: string;
  readonly kind: HoldKind;
  readonly scope: 'account' | 'invoice' | 'amount';
  readonly invoiceId?: string;
  readonly amountMinor?: number;
  readonly reason: string;
  readonly expiresOn?: string;
}

export interface HoldReleasedV1 {
  readonly accountId: string;
  readonly holdId: string;
  readonly kind: HoldKind;
  readonly reason: string;
}

export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'wrong_contact', 'promise', 'dispute_raised', 'plan_proposed', 'left_message'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export interface ContactOutcomeRecordedV1 {
  readonly accountId: string;
  readonly contactId?: string;
  readonly collectorId: string;
  readonly channel: DunningChannel | 'phone';
  readonly outcome: ContactOutcome;
  readonly note?: string;
  readonly at: string;
}

/** A late-payment charge under French B2B rules (penalties at the terms' rate, the fixed EUR 40 recovery indemnity). */
export interface LatePaymentChargeAssessedV1 {
  readonly accountId: string;
  readonly invoiceId: string;
  readonly kind: 'late_payment_penalty' | 'recovery_indemnity';
  readonly amountMinor: number;
  readonly currency: string;
  readonly basis: string;
}

export interface CollectionsPublishedEvents {
  ReminderSent: ReminderSentV1;
  FormalNoticeSent: FormalNoticeSentV1;
  DunningLadderExhausted: DunningLadderExhaustedV1;
  PromiseToPayRecorded: PromiseToPayRecordedV1;
  PromiseToPayKept: PromiseToPayKeptV1;
  PromiseToPayBroken: PromiseToPayBrokenV1;
  PaymentPlanAgreed: PaymentPlanAgreedV1;
  PaymentPlanEnded: PaymentPlanEndedV1;
  HoldPlaced: HoldPlacedV1;
  HoldReleased: HoldReleasedV1;
  ContactOutcomeRecorded: ContactOutcomeRecordedV1;
  LatePaymentChargeAssessed: LatePaymentChargeAssessedV1;
}
