import type { AccountKind, ContactOutcome, RiskClass, Segment } from '@o2c/contracts';
import { emptyMap, type PersistentMap } from '@o2c/kernel';
import type { CaseContact, CaseEvent, Hold } from './case.events';

export type NoticeDecided = Extract<CaseEvent, { type: 'DunningStepTaken' }>['data'];

export interface CaseInvoice {
  readonly invoiceId: string;
  readonly issuedOn: string;
  readonly dueOn: string;
  readonly totalMinor: number;
  readonly openMinor: number;
  readonly currency: string;
  /** Steps taken or passed over: never taken again. */
  readonly takenSteps: readonly string[];
  /** Days spent under hold after the due date, closed intervals only. */
  readonly heldDays: number;
  /** Under hold since this date (the open interval). */
  readonly heldSince?: string;
  /** Days the ladder jumped ahead (a broken promise or plan escalates to the next step at once). */
  readonly advanceDays: number;
  readonly indemnityAssessed: boolean;
  readonly penaltyAssessedTo?: string;
  readonly formalNoticeOn?: string;
  readonly handedOff: boolean;
}

export interface CasePromise {
  readonly promiseId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly promisedFor: string;
  readonly recordedOn: string;
  readonly invoiceIds: readonly string[];
  readonly status: 'open' | 'kept' | 'broken';
}

export interface CasePlan {
  readonly planId: string;
  readonly installments: readonly { dueOn: string; amountMinor: number }[];
  readonly currency: string;
  readonly invoiceIds: readonly string[];
  readonly maxMissed: number;
  readonly status: 'proposed' | 'accepted' | 'completed' | 'broken' | 'cancelled';
  readonly acceptedOn?: string;
  readonly evaluated: number;
  readonly missed: number;
}

export interface CaseProfile {
  readonly legalName: string;
  readonly kind: AccountKind;
  readonly segment: Segment;
  readonly currency: string;
  readonly paymentTermsDays: number;
  readonly contacts: readonly CaseContact[];
  readonly region?: string;
}

/** A payment (or, negative, a reversal) applied to one of the case's invoices. */
export interface CasePayment {
  readonly paymentId?: string;
  readonly invoiceId: string;
  readonly amountMinor: number;
  readonly on: string;
}

interface CaseBody {
  readonly accountId: string;
  readonly riskClass: RiskClass;
  /** Every invoice the case learned, by id (a persistent map: one event copies a bucket, not every invoice). */
  readonly invoices: PersistentMap<CaseInvoice>;
  readonly holds: Readonly<Record<string, Hold>>;
  readonly promises: Readonly<Record<string, CasePromise>>;
  readonly plans: Readonly<Record<string, CasePlan>>;
  /** Payments applied, for promises and plans (receivedOn, amount). */
  readonly payments: PersistentMap<CasePayment>;
  readonly brokenPromises: number;
  /** Whether the last score put the account on a collector's worklist. */
  readonly onWorklist: boolean;
  readonly lastScoredOn?: string;
  /** What the last score said apart from the passing days (score-signature.ts). */
  readonly lastScoreSignature?: string;
  /** The latest run date that decided anything: an older date is never run after it. */
  readonly lastRunOn?: string;
  readonly openTasks: readonly string[];
  readonly lastContact?: { at: string; outcome: ContactOutcome; channel: string };
  readonly assignment?: { collectorId: string; team: string; by: 'rule' | 'manual' };
  /** Reminders decided on the last run date: the run hands them to the reminder service (idempotent on the reminder id). */
  readonly lastNotices: { readonly on: string; readonly notices: readonly NoticeDecided[] };
}

/** An account's collections view: `Learning` until accounts' AccountOpened arrives (invoices may come first). */
export type CaseState =
  | { readonly status: 'Empty' }
  | ({ readonly status: 'Learning' } & CaseBody)
  | ({ readonly status: 'Active'; readonly profile: CaseProfile } & CaseBody);

export type KnownCase = Exclude<CaseState, { status: 'Empty' }>;

export const emptyBody = (accountId: string): CaseBody => ({
  accountId,
  riskClass: 'low',
  invoices: emptyMap(),
  holds: {},
  promises: {},
  plans: {},
  payments: emptyMap(),
  brokenPromises: 0,
  onWorklist: false,
  openTasks: [],
  lastNotices: { on: '', notices: [] },
});
