import type { RiskClass, Segment } from '@o2c/contracts';
import type { LatePaymentRules } from '../rules/french-b2b';

/** The worklist's priority: a transparent sum of points; every weight is data. */
export interface ScoringWeights {
  /** Points per 1,000.00 of amount at stake (minor units / 100,000). */
  readonly perThousandAtStake: number;
  readonly perDayLate: number;
  readonly perBrokenPromise: number;
  readonly perOpenTask: number;
  readonly riskClass: Readonly<Record<RiskClass, number>>;
  readonly segment: Readonly<Record<Segment, number>>;
  /** Taken off when the account was reached in the last `recentContactDays` days. */
  readonly recentContactPenalty: number;
  readonly recentContactDays: number;
  readonly perOpenDispute: number;
}

export const DEFAULT_SCORING: ScoringWeights = {
  perThousandAtStake: 10,
  perDayLate: 2,
  perBrokenPromise: 40,
  perOpenTask: 20,
  riskClass: { low: 0, medium: 15, high: 35, critical: 60 },
  segment: { strategic: 30, new: 15, standard: 0, repeat_late_payer: 20, small_amounts: -50, sure_not_to_pay: -100 },
  recentContactPenalty: 50,
  recentContactDays: 3,
  perOpenDispute: -10,
};

/** Accounts go to collectors by rules (first match), unless assigned by hand. */
export interface AssignmentRule {
  readonly ruleId: string;
  readonly segment?: Segment;
  readonly region?: string;
  /** The account's open amount must be at least this. */
  readonly minOpenMinor?: number;
  readonly collectorId: string;
  readonly team: string;
}

export const DEFAULT_ASSIGNMENT_RULES: readonly AssignmentRule[] = [
  { ruleId: 'strategic', segment: 'strategic', collectorId: 'key-accounts', team: 'key-accounts' },
  { ruleId: 'large', minOpenMinor: 5_000_000, collectorId: 'senior', team: 'collections' },
  { ruleId: 'default', collectorId: 'collections', team: 'collections' },
];

/** Everything a daily run decides with, besides the account's own state. */
export interface RunRules {
  readonly latePayment: LatePaymentRules;
  readonly scoring: ScoringWeights;
  readonly assignment: readonly AssignmentRule[];
}
