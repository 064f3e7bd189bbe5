import type { AccountKind } from '@o2c/contracts';

/**
 * French B2B late-payment rules as data (Code de commerce L441-10): penalties
 * at the rate of the terms (default three times the legal interest rate), and
 * a fixed EUR 40 recovery indemnity per late invoice. Never for consumers.
 */
export interface LatePaymentRules {
  /** The legal interest rate in basis points (configuration: it changes every half-year). */
  readonly legalInterestRateBp: number;
  /** The penalty rate of the terms; absent: `legalRateMultiplier` x the legal rate. */
  readonly termsPenaltyRateBp?: number;
  readonly legalRateMultiplier: number;
  /** EUR 40.00 in minor units. */
  readonly recoveryIndemnityMinor: number;
  readonly recoveryIndemnityCurrency: string;
  /** The account kinds the rules apply to (never b2c). */
  readonly kinds: readonly AccountKind[];
}

export const DEFAULT_LATE_PAYMENT_RULES: LatePaymentRules = {
  legalInterestRateBp: 662,
  legalRateMultiplier: 3,
  recoveryIndemnityMinor: 4000,
  recoveryIndemnityCurrency: 'EUR',
  kinds: ['b2b', 'public_body'],
};

export const penaltyRateBp = (rules: LatePaymentRules): number => rules.termsPenaltyRateBp ?? rules.legalInterestRateBp * rules.legalRateMultiplier;

export const appliesTo = (rules: LatePaymentRules, kind: AccountKind): boolean => kind !== 'b2c' && rules.kinds.includes(kind);

/**
 * Penalty on `openMinor` for `days` days at `rateBp` a year (365 days), in
 * integer arithmetic, rounded half up to the minor unit:
 *   round(open x rateBp x days / (10,000 x 365)).
 * The amount is recorded in the event, so a replay never recomputes it.
 */
export function latePaymentPenaltyMinor(openMinor: number, rateBp: number, days: number): number {
  if (openMinor <= 0 || days <= 0 || rateBp <= 0) return 0;
  const numerator = BigInt(openMinor) * BigInt(rateBp) * BigInt(days);
  const denominator = 10_000n * 365n;
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}
