import 'reflect-metadata';
import { accountsPolicyFrom } from './accounts.policy';
import { DEFAULT_ACCOUNTS_POLICY } from './account/decide';

describe('O2C_ACCOUNTS_POLICY', () => {
  it('defaults when unset', () => expect(accountsPolicyFrom(undefined)).toBe(DEFAULT_ACCOUNTS_POLICY));
  it('overrides only the settings given', () => {
    const policy = accountsPolicyFrom('{"creditLimit":{"baseByKindMinor":{"b2c":200000}},"risk":{"paidInvoicesWindow":6}}');
    expect(policy.creditLimit.baseByKindMinor).toEqual({ ...DEFAULT_ACCOUNTS_POLICY.creditLimit.baseByKindMinor, b2c: 200000 });
    expect(policy.risk.paidInvoicesWindow).toBe(6);
    expect(policy.risk.thresholds).toEqual(DEFAULT_ACCOUNTS_POLICY.risk.thresholds);
  });
  it('refuses unknown settings and bad JSON', () => {
    expect(() => accountsPolicyFrom('{"creditLimit":{"basee":1}}')).toThrow(/unknown setting "basee"/);
    expect(() => accountsPolicyFrom('{')).toThrow(/JSON object/);
  });
});
