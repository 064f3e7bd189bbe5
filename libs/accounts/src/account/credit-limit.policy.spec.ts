import { DEFAULT_CREDIT_LIMIT_POLICY, openingCreditLimit } from './credit-limit.policy';

describe('opening credit limit rule', () => {
  const base = { kind: 'b2b' as const, segment: 'standard' as const, paymentTermsDays: 30 };
  it('is the base of the kind with nothing else declared', () => {
    expect(openingCreditLimit(base).creditLimitMinor).toBe(10_000_00);
    expect(openingCreditLimit({ ...base, kind: 'b2c' }).creditLimitMinor).toBe(1_500_00);
    expect(openingCreditLimit({ ...base, kind: 'public_body' }).creditLimitMinor).toBe(50_000_00);
  });
  it('covers the expected monthly volume over terms + 30 days', () => {
    const { creditLimitMinor, basis } = openingCreditLimit({ ...base, expectedMonthlyVolumeMinor: 30_000_00 });
    expect(creditLimitMinor).toBe(60_000_00);
    expect(basis.volumeBasedMinor).toBe(60_000_00);
  });
  it('takes 1% of declared annual revenue when that is higher', () => {
    expect(openingCreditLimit({ ...base, declaredAnnualRevenueMinor: 2_000_000_00 }).creditLimitMinor).toBe(20_000_00);
    expect(openingCreditLimit({ ...base, declaredAnnualRevenueMinor: 100_000_00 }).creditLimitMinor).toBe(10_000_00);
  });
  it('scales by segment: strategic doubled, small amounts a quarter, sure_not_to_pay zero', () => {
    expect(openingCreditLimit({ ...base, segment: 'strategic' }).creditLimitMinor).toBe(20_000_00);
    expect(openingCreditLimit({ ...base, segment: 'small_amounts' }).creditLimitMinor).toBe(2_500_00);
    expect(openingCreditLimit({ ...base, segment: 'sure_not_to_pay', expectedMonthlyVolumeMinor: 1_000_000_00 }).creditLimitMinor).toBe(0);
  });
  it('is capped and rounded down to whole units', () => {
    const { creditLimitMinor, basis } = openingCreditLimit({ ...base, declaredAnnualRevenueMinor: 9_000_000_000_000_00 });
    expect(creditLimitMinor).toBe(DEFAULT_CREDIT_LIMIT_POLICY.maxLimitMinor);
    expect(basis.cappedAtMinor).toBe(DEFAULT_CREDIT_LIMIT_POLICY.maxLimitMinor);
    expect(openingCreditLimit({ ...base, expectedMonthlyVolumeMinor: 10_000_07 }).creditLimitMinor).toBe(20_000_00);
  });
  it('is configuration', () => {
    const policy = { ...DEFAULT_CREDIT_LIMIT_POLICY, baseByKindMinor: { ...DEFAULT_CREDIT_LIMIT_POLICY.baseByKindMinor, b2b: 123_00 } };
    expect(openingCreditLimit(base, policy).creditLimitMinor).toBe(123_00);
  });
});
