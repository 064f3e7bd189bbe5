import type { RiskClass } from '@o2c/contracts';

/**
 * The risk class from payment behaviour, as data (STYLE.md after Kill Bill's
 * overdue engine): each class above `low` has thresholds; the account takes
 * the highest class any of its measures reaches. A threshold of `null` is off.
 */
export interface RiskThresholds {
  /** Mean days late over the window of paid invoices (early payments count as 0). */
  readonly averageDaysLate: number | null;
  /** Worst days late over the window of paid invoices. */
  readonly maxDaysLate: number | null;
  /** Payments reversed (bounced direct debits, chargebacks) within the signal window. */
  readonly reversals: number | null;
  /** Promises to pay broken within the signal window (published by collections). */
  readonly brokenPromises: number | null;
  /** Disputes open right now (published by disputes). */
  readonly openDisputes: number | null;
}

export interface RiskPolicy {
  /** How many of the most recently paid invoices the lateness measures look at (at most REMEMBERED_PAID_INVOICES). */
  readonly paidInvoicesWindow: number;
  /** How far back reversals and broken promises count. */
  readonly signalWindowDays: number;
  readonly thresholds: Readonly<Record<Exclude<RiskClass, 'low'>, RiskThresholds>>;
}

export const REMEMBERED_PAID_INVOICES = 50;

export const DEFAULT_RISK_POLICY: RiskPolicy = {
  paidInvoicesWindow: 12,
  signalWindowDays: 365,
  thresholds: {
    medium: { averageDaysLate: 10, maxDaysLate: 30, reversals: 1, brokenPromises: 1, openDisputes: 3 },
    high: { averageDaysLate: 30, maxDaysLate: 60, reversals: 2, brokenPromises: 2, openDisputes: 6 },
    critical: { averageDaysLate: 60, maxDaysLate: 120, reversals: 3, brokenPromises: 3, openDisputes: null },
  },
};

/** What the account's history says, as the risk function reads it. */
export interface PaymentBehaviour {
  /** Days late of paid invoices, oldest first (negative: early). */
  readonly daysLate: readonly number[];
  /** ISO instants of payment reversals. */
  readonly reversals: readonly string[];
  /** ISO instants of broken promises to pay. */
  readonly brokenPromises: readonly string[];
  /** References of disputes open now. */
  readonly openDisputes: readonly string[];
}

export interface RiskMeasures {
  readonly paidInvoices: number;
  readonly averageDaysLate: number;
  readonly maxDaysLate: number;
  readonly reversals: number;
  readonly brokenPromises: number;
  readonly openDisputes: number;
}

export interface RiskAssessment {
  readonly riskClass: RiskClass;
  /** Why: each measure that reached the class's threshold (for `low`, that none did). */
  readonly reasons: readonly string[];
  readonly measures: RiskMeasures;
}

export const NO_BEHAVIOUR: PaymentBehaviour = { daysLate: [], reversals: [], brokenPromises: [], openDisputes: [] };

const DAY_MS = 86_400_000;
const ORDER: readonly Exclude<RiskClass, 'low'>[] = ['critical', 'high', 'medium'];

export function measure(behaviour: PaymentBehaviour, now: string, policy: RiskPolicy): RiskMeasures {
  const window = behaviour.daysLate.slice(-Math.max(0, policy.paidInvoicesWindow));
  const late = window.map((d) => Math.max(0, d));
  const since = Date.parse(now) - policy.signalWindowDays * DAY_MS;
  const within = (instants: readonly string[]) => instants.filter((at) => Date.parse(at) >= since).length;
  return {
    paidInvoices: window.length,
    // One decimal is all a reason needs; the comparison uses the same rounded figure the reason shows.
    averageDaysLate: late.length === 0 ? 0 : Math.round((late.reduce((s, d) => s + d, 0) / late.length) * 10) / 10,
    maxDaysLate: late.length === 0 ? 0 : Math.max(...late),
    reversals: within(behaviour.reversals),
    brokenPromises: within(behaviour.brokenPromises),
    openDisputes: behaviour.openDisputes.length,
  };
}

/** Pure: the same behaviour, instant and policy always give the same class and reasons. */
export function assessRisk(behaviour: PaymentBehaviour, now: string, policy: RiskPolicy = DEFAULT_RISK_POLICY): RiskAssessment {
  const m = measure(behaviour, now, policy);
  const reached = (value: number, threshold: number | null) => threshold !== null && value >= threshold;
  for (const riskClass of ORDER) {
    const t = policy.thresholds[riskClass];
    const reasons: string[] = [];
    if (reached(m.averageDaysLate, t.averageDaysLate)) reasons.push(`paid on average ${m.averageDaysLate} days late over the last ${m.paidInvoices} paid invoices (threshold ${t.averageDaysLate})`);
    if (reached(m.maxDaysLate, t.maxDaysLate)) reasons.push(`an invoice paid ${m.maxDaysLate} days late among the last ${m.paidInvoices} paid invoices (threshold ${t.maxDaysLate})`);
    if (reached(m.reversals, t.reversals)) reasons.push(`${m.reversals} payment reversal(s) in the last ${policy.signalWindowDays} days (threshold ${t.reversals})`);
    if (reached(m.brokenPromises, t.brokenPromises)) reasons.push(`${m.brokenPromises} broken promise(s) to pay in the last ${policy.signalWindowDays} days (threshold ${t.brokenPromises})`);
    if (reached(m.openDisputes, t.openDisputes)) reasons.push(`${m.openDisputes} open dispute(s) (threshold ${t.openDisputes})`);
    if (reasons.length > 0) return { riskClass, reasons, measures: m };
  }
  return { riskClass: 'low', reasons: ['no late payment, reversal, broken promise or dispute reaches a risk threshold'], measures: m };
}
