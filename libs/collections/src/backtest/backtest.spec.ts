import type { RecordedEvent } from '@o2c/event-store';
import { addDays } from '../collection-case/calendar';
import { DEFAULT_ASSIGNMENT_RULES, DEFAULT_SCORING } from '../collection-case/case-rules';
import type { CaseCommand } from '../collection-case/case.commands';
import { caseDecider } from '../collection-case/case.decider';
import type { CaseState } from '../collection-case/case.state';
import { DEFAULT_POLICIES, defaultPolicy } from '../policy/default-policies';
import type { DunningPolicyVersion } from '../policy/dunning-policy';
import { DEFAULT_LATE_PAYMENT_RULES } from '../rules/french-b2b';
import { backtestCases, type RecordedCase } from './backtest';

const RULES = { latePayment: DEFAULT_LATE_PAYMENT_RULES, scoring: DEFAULT_SCORING, assignment: DEFAULT_ASSIGNMENT_RULES };
const POLICIES: Record<string, DunningPolicyVersion> = Object.fromEntries(DEFAULT_POLICIES.map((p) => [p.policyId, { ...p, version: 1, effectiveFrom: '2000-01-01' }]));
const DUE = '2026-01-31';

/** A case recorded in memory as the daily run would have recorded it: outside commands, then one run per day. */
function record(accountId: string, days: number, outside: (on: string) => CaseCommand[] = () => []): RecordedCase {
  let state: CaseState = caseDecider.initialState();
  const events: RecordedEvent[] = [];
  let position = 0n;
  const append = (command: CaseCommand, causationId: string, on: string) => {
    for (const event of caseDecider.decide(command, state)) {
      state = caseDecider.evolve(state, event);
      position += 1n;
      events.push({ id: `e${position}`, streamName: `collectionCase-${accountId}`, revision: position - 1n, position, type: event.type, data: event.data, schemaVersion: 1, recordedAt: `${on}T06:00:00.000Z`, metadata: { correlationId: causationId, causationId, actor: 'test', occurredAt: `${on}T06:00:00.000Z` } } as unknown as RecordedEvent);
    }
  };
  const start = addDays(DUE, -1);
  append({ type: 'LearnAccountProfile', accountId, legalName: accountId, kind: 'b2b', segment: 'standard', currency: 'EUR', paymentTermsDays: 30, contacts: [] }, 'learn-1', start);
  append({ type: 'LearnInvoice', accountId, invoiceId: 'INV-1', issuedOn: addDays(DUE, -30), dueOn: DUE, totalMinor: 100_000, openAmountMinor: 100_000, currency: 'EUR' }, 'learn-2', start);
  for (let n = 0; n <= days; n++) {
    const on = addDays(start, n);
    outside(on).forEach((command, i) => append(command, `outside-${on}-${i}`, on));
    append({ type: 'RunDailyDunning', accountId, on, policies: POLICIES, rules: RULES }, `run:${on}`, on);
  }
  return { accountId, events };
}

describe('backtest (pure, in memory)', () => {
  const window = { from: DUE, to: addDays(DUE, 80), rules: RULES };

  it('names the handoff rule when the candidate hands over earlier', () => {
    const candidate = { ...defaultPolicy('standard', 'b2b'), handoff: { afterDays: 60 } };
    const report = backtestCases([record('A1', 82)], () => POLICIES, { ...window, candidate: [candidate] });
    expect(report.actual.agencyHandoffs).toBe(1);
    expect(report.differences).toEqual([
      {
        accountId: 'A1',
        steps: [
          {
            invoiceId: 'INV-1',
            stepId: 'handoff',
            actual: { on: addDays(DUE, 70), channel: 'agency', policy: 'standard.b2b v1' },
            candidate: { on: addDays(DUE, 60), channel: 'agency', policy: 'standard.b2b (candidate)' },
            because: 'handoff: {"afterDays":70} in standard.b2b v1, {"afterDays":60} in standard.b2b (candidate)',
          },
        ],
      },
    ]);
  });

  it('names the rule of a moved step and of a step the candidate drops', () => {
    const steps = defaultPolicy('standard', 'b2b').steps.filter((s) => s.stepId !== 'letter-2').map((s) => (s.stepId === 'letter-1' ? { ...s, offsetDays: 30 } : s));
    const candidate = { ...defaultPolicy('standard', 'b2b'), steps };
    const report = backtestCases([record('A1', 82)], () => POLICIES, { ...window, candidate: [candidate] });
    const byStep = Object.fromEntries(report.differences[0].steps.map((s) => [s.stepId, s]));
    expect(byStep['letter-1'].because).toBe('step letter-1: offsetDays 17 in standard.b2b v1, 30 in standard.b2b (candidate)');
    expect(byStep['letter-2']).toMatchObject({ candidate: null, because: 'step letter-2 of standard.b2b v1 is not in standard.b2b (candidate)' });
    expect(report.actual.contactsByChannel.letter).toBe(2);
    expect(report.candidate.contactsByChannel.letter).toBe(1);
  });

  it('replays outside facts before the run they preceded: a payment in full stops both ladders alike', () => {
    const paid = (on: string): CaseCommand[] => (on === addDays(DUE, 10) ? [{ type: 'LearnOpenAmount', accountId: 'A1', invoiceId: 'INV-1', cause: 'payment', amountMinor: 100_000, openAmountMinor: 0, on }] : []);
    const candidate = { ...defaultPolicy('standard', 'b2b'), steps: defaultPolicy('standard', 'b2b').steps.map((s) => (s.stepId === 'letter-1' ? { ...s, offsetDays: 25 } : s)) };
    const report = backtestCases([record('A1', 82, paid)], () => POLICIES, { ...window, candidate: [candidate] });
    expect(report.accountsWithDifferences).toBe(0);
    expect(report.actual.contactsByChannel).toEqual({ email: 1, call_task: 1 });
  });

  it('adds accounts up one at a time: every account counted, only maxDifferences of them listed', () => {
    const candidate = { ...defaultPolicy('standard', 'b2b'), steps: defaultPolicy('standard', 'b2b').steps.map((s) => (s.stepId === 'letter-1' ? { ...s, offsetDays: 25 } : s)) };
    const cases = [record('A1', 82), record('A2', 82), record('A3', 82)];
    const all = backtestCases(cases, () => POLICIES, { ...window, candidate: [candidate] });
    const listed = backtestCases(cases, () => POLICIES, { ...window, candidate: [candidate], maxDifferences: 1 });
    expect(all).toMatchObject({ accounts: 3, accountsWithDifferences: 3, differencesOmitted: 0 });
    expect(all.differences.map((d) => d.accountId)).toEqual(['A1', 'A2', 'A3']);
    expect(listed).toMatchObject({ accounts: 3, accountsWithDifferences: 3, differencesOmitted: 2, actual: all.actual, candidate: all.candidate });
    expect(listed.differences).toEqual(all.differences.slice(0, 1));
    expect(all.actual.customersReachingStep['standard.b2b/letter-1']).toBe(3);
  });
});
