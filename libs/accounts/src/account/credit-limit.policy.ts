import type { AccountKind, Segment } from '@o2c/contracts';

/**
 * The rule that sets an account's theoretical credit limit at opening, as
 * data (README "Theoretical credit limit"): a base by kind, raised to cover
 * the declared monthly volume over the payment terms or a share of the
 * declared annual revenue, scaled by segment, capped, rounded down.
 */
export interface CreditLimitPolicy {
  /** Minor units granted to any account of this kind. */
  readonly baseByKindMinor: Readonly<Record<AccountKind, number>>;
  /** Percent applied last: 0 for sure_not_to_pay (every order is held for a credit manager). */
  readonly segmentFactorPercent: Readonly<Record<Segment, number>>;
  /** Expected monthly volume covers the payment terms plus this many days (orders delivered but not yet invoiced). */
  readonly volumeCoverExtraDays: number;
  /** Basis points of declared annual revenue: 100 = 1%. */
  readonly revenueShareBp: number;
  readonly maxLimitMinor: number;
  /** The limit is rounded down to a multiple of this (100 = whole euros). */
  readonly roundDownToMinor: number;
}

export const DEFAULT_CREDIT_LIMIT_POLICY: CreditLimitPolicy = {
  baseByKindMinor: { b2b: 10_000_00, b2c: 1_500_00, public_body: 50_000_00 },
  segmentFactorPercent: { new: 100, strategic: 200, standard: 100, small_amounts: 25, repeat_late_payer: 50, sure_not_to_pay: 0 },
  volumeCoverExtraDays: 30,
  revenueShareBp: 100,
  maxLimitMinor: 5_000_000_00,
  roundDownToMinor: 100,
};

export interface CreditLimitInput {
  readonly kind: AccountKind;
  readonly segment: Segment;
  readonly paymentTermsDays: number;
  readonly declaredAnnualRevenueMinor?: number;
  readonly expectedMonthlyVolumeMinor?: number;
}

/** How the limit was reached, recorded in AccountOpened for auditors and credit managers. */
export interface CreditLimitBasis {
  readonly rule: 'opening_policy';
  readonly baseMinor: number;
  readonly volumeBasedMinor?: number;
  readonly revenueBasedMinor?: number;
  readonly segmentFactorPercent: number;
  readonly cappedAtMinor?: number;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/** Pure and exact: bigint arithmetic on minor units, so large declared revenues never lose a cent to floats. */
export function openingCreditLimit(input: CreditLimitInput, policy: CreditLimitPolicy = DEFAULT_CREDIT_LIMIT_POLICY): { creditLimitMinor: number; basis: CreditLimitBasis } {
  const base = BigInt(policy.baseByKindMinor[input.kind]);
  const volumeBased =
    input.expectedMonthlyVolumeMinor === undefined
      ? undefined
      : (BigInt(input.expectedMonthlyVolumeMinor) * BigInt(input.paymentTermsDays + policy.volumeCoverExtraDays)) / 30n;
  const revenueBased = input.declaredAnnualRevenueMinor === undefined ? undefined : (BigInt(input.declaredAnnualRevenueMinor) * BigInt(policy.revenueShareBp)) / 10_000n;
  const factor = policy.segmentFactorPercent[input.segment];
  let limit = max(max(base, volumeBased ?? 0n), revenueBased ?? 0n);
  limit = (limit * BigInt(factor)) / 100n;
  const cap = BigInt(policy.maxLimitMinor);
  const capped = limit > cap;
  limit = min(limit, cap);
  const round = BigInt(Math.max(1, policy.roundDownToMinor));
  limit = (limit / round) * round;
  return {
    creditLimitMinor: Number(limit),
    basis: {
      rule: 'opening_policy',
      baseMinor: Number(base),
      ...(volumeBased !== undefined ? { volumeBasedMinor: Number(min(volumeBased, BigInt(Number.MAX_SAFE_INTEGER))) } : {}),
      ...(revenueBased !== undefined ? { revenueBasedMinor: Number(min(revenueBased, BigInt(Number.MAX_SAFE_INTEGER))) } : {}),
      segmentFactorPercent: factor,
      ...(capped ? { cappedAtMinor: policy.maxLimitMinor } : {}),
    },
  };
}
