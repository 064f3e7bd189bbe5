import { DomainException } from '@o2c/kernel';
import { deciderSpec } from '@o2c/kernel/testing';
import { DEFAULT_POLICIES, defaultPolicy } from './default-policies';
import { policyDecider, versionOn } from './policy.decider';
import { validatePolicy } from './policy.validation';
import { latePaymentPenaltyMinor } from '../rules/french-b2b';

const fieldOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainException) return error.error.field;
    throw error;
  }
  return undefined;
};

describe('dunning policies as data', () => {
  it('ships a valid default for every segment and kind', () => {
    expect(DEFAULT_POLICIES).toHaveLength(18);
    for (const policy of DEFAULT_POLICIES) expect(validatePolicy(policy, policy.policyId)).toEqual(policy);
  });

  it.each([
    ['steps[1].offsetDays', { steps: [{ stepId: 'a', offsetDays: 10, channel: 'email', templateId: 't' }, { stepId: 'b', offsetDays: 5, channel: 'letter', templateId: 't' }] }],
    ['steps[0].channel', { steps: [{ stepId: 'a', offsetDays: 10, channel: 'pigeon', templateId: 't' }] }],
    ['steps[1].stepId', { steps: [{ stepId: 'a', offsetDays: 1, channel: 'email', templateId: 't' }, { stepId: 'a', offsetDays: 2, channel: 'email', templateId: 't' }] }],
    ['steps[0].conditions.riskClasses[0]', { steps: [{ stepId: 'a', offsetDays: 1, channel: 'email', templateId: 't', conditions: { riskClasses: ['scary'] } }] }],
    ['steps[0].channel', { collectorTime: false, steps: [{ stepId: 'a', offsetDays: 1, channel: 'call_task', templateId: 't' }] }],
    ['handoff', { steps: [{ stepId: 'a', offsetDays: 1, channel: 'letter', templateId: 't' }], handoff: { afterDays: 30 } }],
    ['handoff.afterDays', { handoff: { afterDays: 10 } }],
    ['segment', { segment: 'gold' }],
  ])('refuses a bad policy, naming %s', (field, change) => {
    expect(fieldOf(() => validatePolicy({ ...defaultPolicy('standard', 'b2b'), ...change }, 'standard.b2b'))).toBe(field);
  });

  it('a B2C ladder may hand off without a formal notice (consumer rules differ); a B2B one may not', () => {
    const ladder = { steps: [{ stepId: 'a', offsetDays: 1, channel: 'sms', templateId: 't' }], handoff: { afterDays: 30 } };
    expect(() => validatePolicy({ ...defaultPolicy('standard', 'b2c'), ...ladder }, 'standard.b2c')).not.toThrow();
    expect(fieldOf(() => validatePolicy({ ...defaultPolicy('standard', 'b2b'), ...ladder }, 'standard.b2b'))).toBe('handoff');
  });

  it('keeps every version: publishing new rules adds version 2, the same rules again add nothing; the version in force follows its start date', () => {
    const v1 = defaultPolicy('standard', 'b2b');
    const v2 = { ...v1, steps: v1.steps.map((s) => (s.stepId === 'letter-1' ? { ...s, offsetDays: 15 } : s)) };
    const spec = deciderSpec(policyDecider);
    const published = { type: 'DunningPolicyVersionPublished' as const, data: { ...v1, version: 1, effectiveFrom: '2000-01-01', publishedBy: 'system', reason: 'default' } };
    spec.given([published]).when({ type: 'PublishDunningPolicy', policy: v1, effectiveFrom: '2000-01-01', publishedBy: 'u', reason: 'again' }).then([]);
    spec
      .given([published])
      .when({ type: 'PublishDunningPolicy', policy: v2, effectiveFrom: '2026-03-01', publishedBy: 'user:cm', reason: 'faster letters' })
      .then([{ type: 'DunningPolicyVersionPublished', data: { ...v2, version: 2, effectiveFrom: '2026-03-01', publishedBy: 'user:cm', reason: 'faster letters' } }]);
    const versions = [
      { ...v1, version: 1, effectiveFrom: '2000-01-01' },
      { ...v2, version: 2, effectiveFrom: '2026-03-01' },
    ];
    expect(versionOn(versions, '2026-02-28')?.version).toBe(1);
    expect(versionOn(versions, '2026-03-01')?.version).toBe(2);
  });
});

describe('late-payment penalty rounding (integer arithmetic, half up)', () => {
  it.each([
    [100_000, 1986, 56, 3047],
    [1, 1986, 365, 0],
    [10_000, 3650, 1, 10],
    [1, 5000, 365, 1],
    [1, 4999, 365, 0],
    [100, 10_000, 73, 20],
    [0, 1986, 10, 0],
  ])('%i minor at %i bp for %i days = %i', (open, rate, days, expected) => {
    expect(latePaymentPenaltyMinor(open, rate, days)).toBe(expected);
  });
});
