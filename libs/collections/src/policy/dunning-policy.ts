import type { AccountKind, DunningChannel, RiskClass, Segment } from '@o2c/contracts';

/**
 * A dunning policy is data (Kill Bill's overdue engine): a ladder of steps,
 * each at a day offset from the invoice's due date (negative: preventive) or
 * from its issue date, on a channel, with a template and conditions; and the
 * end of the ladder, a handoff to the agency context. A change of policy is a
 * new version of this record, never a change of code.
 */
export interface DunningStep {
  /** Stable within the policy: reminder ids and provenance name it. */
  readonly stepId: string;
  /** Days from the anchor date (negative = before it). */
  readonly offsetDays: number;
  /** `dueDate` (default) or `issueDate` (preventive contact after delivery). */
  readonly anchor?: 'dueDate' | 'issueDate';
  readonly channel: DunningChannel;
  readonly templateId: string;
  readonly conditions?: {
    /** The invoice's dunnable amount must be at least this (minor units). */
    readonly minAmountMinor?: number;
    /** Only for these risk classes (absent: any). */
    readonly riskClasses?: readonly RiskClass[];
  };
  /** Assess the French B2B late-payment penalty accrued so far when this step fires (the formal notice does by default). */
  readonly assessPenalty?: boolean;
}

export interface DunningPolicy {
  readonly policyId: string;
  readonly name: string;
  /** Which accounts it applies to: one policy per (segment, kind). */
  readonly segment: Segment;
  readonly kind: AccountKind;
  readonly steps: readonly DunningStep[];
  /** The end of the ladder: DunningLadderExhausted is published this many days late (effective), once the last amicable step is taken. */
  readonly handoff: { readonly afterDays: number } | null;
  /** Collector time: false = automation only (call_task steps are refused by validation). */
  readonly collectorTime: boolean;
}

/** A stored version of a policy. */
export interface DunningPolicyVersion extends DunningPolicy {
  readonly version: number;
  readonly effectiveFrom: string;
}

export const policyKeyOf = (segment: Segment, kind: AccountKind): string => `${segment}:${kind}`;
