import { assessRisk, DEFAULT_RISK_POLICY, NO_BEHAVIOUR, type RiskPolicy } from './risk';

const NOW = '2026-11-25T09:00:00Z';

describe('assessRisk (pure)', () => {
  it('is low with no history', () => expect(assessRisk(NO_BEHAVIOUR, NOW)).toMatchObject({ riskClass: 'low' }));

  it('early payments do not offset late ones', () => {
    const r = assessRisk({ ...NO_BEHAVIOUR, daysLate: [-30, -30, 20] }, NOW);
    expect(r.measures).toMatchObject({ averageDaysLate: 6.7, maxDaysLate: 20 });
    expect(r.riskClass).toBe('low');
  });

  it('takes the highest class any measure reaches, with the reasons for it', () => {
    const r = assessRisk({ ...NO_BEHAVIOUR, daysLate: [10, 10], reversals: ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'] }, NOW);
    expect(r.riskClass).toBe('high');
    expect(r.reasons).toEqual(['2 payment reversal(s) in the last 365 days (threshold 2)']);
  });

  it('thresholds are inclusive: exactly at the medium average is medium', () => {
    expect(assessRisk({ ...NO_BEHAVIOUR, daysLate: [10] }, NOW).riskClass).toBe('medium');
    expect(assessRisk({ ...NO_BEHAVIOUR, daysLate: [9] }, NOW).riskClass).toBe('low');
  });

  it('critical on three reversals', () => {
    const at = '2026-11-01T00:00:00Z';
    expect(assessRisk({ ...NO_BEHAVIOUR, reversals: [at, at, at] }, NOW).riskClass).toBe('critical');
  });

  it('old reversals fall out of the window', () => {
    expect(assessRisk({ ...NO_BEHAVIOUR, reversals: ['2025-01-01T00:00:00Z'] }, NOW).riskClass).toBe('low');
  });

  it('only the last N paid invoices count', () => {
    const daysLate = [90, ...Array(12).fill(0)];
    expect(assessRisk({ ...NO_BEHAVIOUR, daysLate }, NOW).riskClass).toBe('low');
  });

  it('open disputes count, and a null threshold is off', () => {
    expect(assessRisk({ ...NO_BEHAVIOUR, openDisputes: ['D1', 'D2', 'D3'] }, NOW).riskClass).toBe('medium');
    const policy: RiskPolicy = { ...DEFAULT_RISK_POLICY, thresholds: { ...DEFAULT_RISK_POLICY.thresholds, medium: { ...DEFAULT_RISK_POLICY.thresholds.medium, openDisputes: null } } };
    expect(assessRisk({ ...NO_BEHAVIOUR, openDisputes: ['D1', 'D2', 'D3'] }, NOW, policy).riskClass).toBe('low');
  });
});
