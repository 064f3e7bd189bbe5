import { HOLD_KINDS, type AccountKind, type Segment } from '@o2c/contracts';
import { deciderSpec } from '@o2c/kernel/testing';
import { DEFAULT_POLICIES } from '../policy/default-policies';
import type { DunningPolicyVersion } from '../policy/dunning-policy';
import { DEFAULT_LATE_PAYMENT_RULES } from '../rules/french-b2b';
import { addDays } from './calendar';
import { DEFAULT_ASSIGNMENT_RULES, DEFAULT_SCORING } from './case-rules';
import type { CaseCommand } from './case.commands';
import { caseDecider } from './case.decider';
import type { CaseEvent } from './case.events';
import { NEXT_RUN_HORIZON_DAYS, nextRunOn } from './next-run';

const spec = deciderSpec(caseDecider);
const POLICIES: Record<string, DunningPolicyVersion> = Object.fromEntries(DEFAULT_POLICIES.map((p) => [p.policyId, { ...p, version: 1, effectiveFrom: '2000-01-01' }]));
const RULES = { latePayment: DEFAULT_LATE_PAYMENT_RULES, scoring: DEFAULT_SCORING, assignment: DEFAULT_ASSIGNMENT_RULES };
const DUE = '2026-01-31';
const day = (n: number): string => addDays(DUE, n);

const profile = (kind: AccountKind = 'b2b', segment: Segment = 'standard'): CaseEvent => ({
  type: 'AccountProfileLearned',
  data: { accountId: 'A1', legalName: 'Acme', kind, segment, currency: 'EUR', paymentTermsDays: 30, contacts: [{ contactId: 'c1', name: 'Ann', role: 'accountant', email: 'ann@acme.test', preferredChannel: 'email' }] },
});
const invoice = (invoiceId = 'INV-1', openAmountMinor = 100_000, dueOn = DUE): CaseEvent => ({
  type: 'InvoiceLearned',
  data: { accountId: 'A1', invoiceId, issuedOn: addDays(dueOn, -30), dueOn, totalMinor: openAmountMinor, openAmountMinor, currency: 'EUR' },
});
const run = (on: string): Extract<CaseCommand, { type: 'RunDailyDunning' }> => ({ type: 'RunDailyDunning', accountId: 'A1', on, policies: POLICIES, rules: RULES });

/** Folds the history, then runs the listed days one after the other; returns every event with its run date. */
function walk(given: CaseEvent[], days: readonly number[], between: (n: number) => CaseCommand[] = () => []): { on: string; event: CaseEvent }[] {
  let state = caseDecider.initialState();
  for (const e of given) state = caseDecider.evolve(state, e);
  const out: { on: string; event: CaseEvent }[] = [];
  for (const n of days) {
    for (const command of [...between(n), run(day(n))]) {
      for (const event of caseDecider.decide(command, state)) {
        out.push({ on: day(n), event });
        state = caseDecider.evolve(state, event);
      }
    }
  }
  return out;
}
const everyDay = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const steps = (events: { on: string; event: CaseEvent }[]) =>
  events.flatMap(({ on, event }) => (event.type === 'DunningStepTaken' ? [`${on} ${event.data.stepId} ${event.data.channel}`] : event.type === 'CallTaskOpened' ? [`${on} ${event.data.stepId ?? event.data.reason} call_task`] : []));
const ofType = <T extends CaseEvent['type']>(events: { event: CaseEvent }[], type: T) => events.map((e) => e.event).filter((e): e is Extract<CaseEvent, { type: T }> => e.type === type);

describe('the ladder (standard B2B, shipped defaults)', () => {
  it('given an unpaid invoice, when every day runs for 80 days, then each step fires once on its day and the agency comes after the formal notice', () => {
    const events = walk([profile(), invoice()], everyDay(-5, 80));
    expect(steps(events)).toEqual([`${day(0)} due-reminder email`, `${day(1)} call-1 call_task`, `${day(17)} letter-1 letter`, `${day(42)} letter-2 letter`, `${day(56)} formal-notice registered_letter`]);
    const exhausted = ofType(events, 'DunningLadderExhausted');
    expect(exhausted.map((e) => e.data.on)).toEqual([day(70)]);
    expect(exhausted[0].data.provenance.invoices[0]).toMatchObject({ invoiceId: 'INV-1', daysLate: 70, ladderDay: 70 });
  });

  it('given a B2C account, when the due date comes, then the reminder is an SMS', () => {
    expect(steps(walk([profile('b2c'), invoice()], [0]))).toEqual([`${day(0)} due-reminder sms`]);
  });

  it('given the same day run twice, then the second run decides nothing', () => {
    let state = caseDecider.initialState();
    for (const e of [profile(), invoice()]) state = caseDecider.evolve(state, e);
    const first = caseDecider.decide(run(day(17)), state);
    for (const e of first) state = caseDecider.evolve(state, e);
    expect(first.map((e) => e.type)).toContain('DunningStepTaken');
    expect(caseDecider.decide(run(day(17)), state)).toEqual([]);
  });

  it('given day 17 has run, when an older day is run late, then it decides nothing', () => {
    let state = caseDecider.initialState();
    for (const e of [profile(), invoice()]) state = caseDecider.evolve(state, e);
    for (const e of caseDecider.decide(run(day(17)), state)) state = caseDecider.evolve(state, e);
    expect(caseDecider.decide(run(day(5)), state)).toEqual([]);
  });

  it('given two late invoices at the same step, then one notice lists both (one per account, not per invoice)', () => {
    const events = walk([profile(), invoice('INV-1'), invoice('INV-2', 5_000)], [17]);
    const notices = ofType(events, 'DunningStepTaken');
    expect(notices).toHaveLength(1);
    expect(notices[0].data.reminderId).toBe(`A1:letter-1:${day(17)}`);
    expect(notices[0].data.items.map((i) => i.invoiceId).sort()).toEqual(['INV-1', 'INV-2']);
    expect(notices[0].data.totalMinor).toBe(105_000);
  });

  it('given a first run at day 70 with no formal notice yet, then the formal notice goes first and the agency only the day after', () => {
    const events = walk([profile(), invoice()], [70, 71]);
    expect(steps(events)).toEqual([`${day(70)} formal-notice registered_letter`]);
    expect(ofType(events, 'DunningLadderExhausted').map((e) => e.data.on)).toEqual([day(71)]);
  });

  it('given small amounts, then no call task is ever opened; given sure_not_to_pay, the formal notice comes on day 1', () => {
    expect(steps(walk([profile('b2b', 'small_amounts'), invoice()], everyDay(0, 60)))).toEqual([`${day(0)} due-reminder email`, `${day(17)} letter-1 letter`, `${day(42)} letter-2 letter`, `${day(56)} formal-notice registered_letter`]);
    expect(steps(walk([profile('b2b', 'sure_not_to_pay'), invoice()], everyDay(0, 20)))).toEqual([`${day(1)} formal-notice registered_letter`]);
  });

  it('given a new account, then a preventive call two days after the invoice, before the due date', () => {
    expect(steps(walk([profile('b2b', 'new'), invoice()], everyDay(-30, 0)))).toEqual([`${day(-28)} preventive-call call_task`, `${day(0)} due-reminder email`]);
  });
});

describe('French B2B charges', () => {
  it('given a B2B account, when an invoice is a day late, then the EUR 40 indemnity is assessed once', () => {
    const charges = ofType(walk([profile('b2b'), invoice()], everyDay(0, 5)), 'LatePaymentChargeAssessed');
    expect(charges.map((c) => [c.data.kind, c.data.amountMinor, c.data.on])).toEqual([['recovery_indemnity', 4000, day(1)]]);
  });

  it('given a consumer (B2C), then no indemnity and no penalty, ever', () => {
    expect(ofType(walk([profile('b2c'), invoice()], everyDay(0, 60)), 'LatePaymentChargeAssessed')).toEqual([]);
  });

  it('given the formal notice, then the penalty accrued since the due date is assessed at 3x the legal rate, rounded half up', () => {
    const penalty = ofType(walk([profile('b2b'), invoice()], [56]), 'LatePaymentChargeAssessed').find((c) => c.data.kind === 'late_payment_penalty');
    // 100,000 x 1,986 bp x 56 / 3,650,000 = 3,047.01... -> 3,047
    expect(penalty?.data).toMatchObject({ amountMinor: 3047, rateBp: 1986, fromDate: DUE, on: day(56) });
  });
});

describe('holds', () => {
  it.each(HOLD_KINDS)('given an account-wide %s hold, when the first letter is due, then no step is taken', (kind) => {
    const hold: CaseEvent = { type: 'HoldPlaced', data: { accountId: 'A1', holdId: 'H1', kind, scope: 'account', reason: 'test', placedOn: day(5), placedBy: 'user:c1' } };
    expect(steps(walk([profile(), invoice(), hold], everyDay(10, 30)))).toEqual([]);
  });

  it('given a dispute on part of an invoice, then only the undisputed amount is dunned; on the whole amount, nothing is', () => {
    const dispute = (amountMinor: number): CaseEvent => ({
      type: 'HoldPlaced',
      data: { accountId: 'A1', holdId: 'D1', kind: 'dispute', scope: 'amount', invoiceIds: ['INV-1'], amountMinor, reason: 'goods', placedOn: day(-1), placedBy: 'svc:disputes', source: 'D1' },
    });
    expect(ofType(walk([profile(), invoice(), dispute(30_000)], [0]), 'DunningStepTaken')[0].data.items).toEqual([{ invoiceId: 'INV-1', openAmountMinor: 70_000, currency: 'EUR', dueOn: DUE, daysLate: 0 }]);
    expect(steps(walk([profile(), invoice(), dispute(100_000)], everyDay(0, 20)))).toEqual([]);
  });

  it('given a hold from day 10 to day 20, when it ends, then the ladder resumes where it stood: letter-1 shifts by the 10 days held to day 27', () => {
    const events = walk([profile(), invoice()], everyDay(0, 30), (n) =>
      n === 10
        ? [{ type: 'PlaceHold', accountId: 'A1', holdId: 'VIP', kind: 'vip', scope: 'account', reason: 'CEO call', on: day(10), placedBy: 'user:m' }]
        : n === 20
          ? [{ type: 'ReleaseHold', accountId: 'A1', holdId: 'VIP', reason: 'done', on: day(20) }]
          : [],
    );
    expect(steps(events)).toEqual([`${day(0)} due-reminder email`, `${day(1)} call-1 call_task`, `${day(27)} letter-1 letter`]);
  });

  it('given a hold with an expiry, then the run of that day releases it as expired', () => {
    const hold: CaseEvent = { type: 'HoldPlaced', data: { accountId: 'A1', holdId: 'AP', kind: 'autopay_pending', scope: 'account', reason: 'mandate', expiresOn: day(8), placedOn: day(-3), placedBy: 'user:c' } };
    const released = ofType(walk([profile(), invoice(), hold], everyDay(0, 9)), 'HoldReleased');
    expect(released.map((r) => [r.data.holdId, r.data.reason, r.data.releasedOn])).toEqual([['AP', 'expired', day(8)]]);
  });

  it('given an agency claim on one invoice (invoice scope), then the other invoice is still dunned alone; the claim recalled, the held one resumes', () => {
    const events = walk([profile(), invoice('INV-1'), invoice('INV-2', 5_000)], everyDay(0, 20), (n) =>
      n === 0
        ? [{ type: 'PlaceHold', accountId: 'A1', holdId: 'claim:C1', kind: 'agency', scope: 'invoice', invoiceIds: ['INV-1'], reason: 'placed', on: day(0), placedBy: 'svc:agency', source: 'claim:C1' }]
        : n === 10
          ? [{ type: 'ReleaseHold', accountId: 'A1', source: 'claim:C1', reason: 'claim recalled: dispute_opened', on: day(10) }]
          : [],
    );
    const notices = ofType(events, 'DunningStepTaken').map((e) => [e.data.on, e.data.stepId, e.data.steps.map((x) => x.invoiceId).join('+')]);
    // INV-1 held from its due date to day 10: its ladder is 10 days behind INV-2's.
    expect(notices).toEqual([
      [day(0), 'due-reminder', 'INV-2'],
      [day(10), 'due-reminder', 'INV-1'],
      [day(17), 'letter-1', 'INV-2'],
    ]);
  });

  it('refuses an amount hold without an amount, naming the field', () => {
    spec.given([profile(), invoice()]).when({ type: 'PlaceHold', accountId: 'A1', holdId: 'X', kind: 'dispute', scope: 'amount', invoiceIds: ['INV-1'], reason: 'r', on: day(1), placedBy: 'u' }).thenFails('collections.invalid_amount', 'amountMinor');
  });
});

describe('promises to pay', () => {
  const promise = (amountMinor: number): CaseCommand => ({ type: 'RecordPromiseToPay', accountId: 'A1', promiseId: 'P1', amountMinor, currency: 'EUR', promisedFor: day(10), channel: 'phone', invoiceIds: ['INV-1'], recordedBy: 'user:c1', on: day(3) });
  const payment = (amountMinor: number, on: string): CaseCommand => ({ type: 'LearnOpenAmount', accountId: 'A1', invoiceId: 'INV-1', cause: 'payment', amountMinor, openAmountMinor: 100_000 - amountMinor, on, paymentId: 'PAY-1' });

  it('given a promise, when the full amount is paid on its date, then it is kept and its hold ends', () => {
    const events = walk([profile(), invoice()], everyDay(3, 12), (n) => (n === 3 ? [promise(50_000)] : n === 10 ? [payment(50_000, day(10))] : []));
    expect(ofType(events, 'PromiseToPayKept').map((e) => e.data)).toEqual([{ accountId: 'A1', promiseId: 'P1', paidMinor: 50_000, on: day(10) }]);
    expect(ofType(events, 'PromiseToPayBroken')).toEqual([]);
    expect(ofType(events, 'HoldReleased').map((e) => e.data.reason)).toEqual(['promise_kept']);
  });

  it('given a promise, when one cent short is paid, then the next day it is broken, its hold ends and the next step fires at once', () => {
    const events = walk([profile(), invoice()], everyDay(3, 12), (n) => (n === 3 ? [promise(50_000)] : n === 10 ? [payment(49_999, day(10))] : []));
    expect(ofType(events, 'PromiseToPayBroken').map((e) => [e.data.paidMinor, e.data.on])).toEqual([[49_999, day(11)]]);
    expect(ofType(events, 'HoldReleased').map((e) => e.data.reason)).toEqual(['promise_broken']);
    expect(steps(events)).toEqual([`${day(11)} letter-1 letter`]);
  });
});

describe('payment plans', () => {
  it('given an accepted plan of three installments, when two are missed, then it is broken after the second, its hold ends, and the ladder escalates', () => {
    const plan: CaseCommand = {
      type: 'ProposePaymentPlan',
      accountId: 'A1',
      planId: 'PL1',
      installments: [
        { dueOn: day(10), amountMinor: 30_000 },
        { dueOn: day(20), amountMinor: 30_000 },
        { dueOn: day(30), amountMinor: 40_000 },
      ],
      currency: 'EUR',
      invoiceIds: ['INV-1'],
      maxMissed: 2,
      proposedBy: 'user:c1',
      on: day(2),
    };
    const events = walk([profile(), invoice()], everyDay(2, 22), (n) => (n === 2 ? [plan, { type: 'AcceptPaymentPlan', accountId: 'A1', planId: 'PL1', acceptedBy: 'user:c1', on: day(2) }] : []));
    expect(ofType(events, 'PaymentPlanInstallmentMissed').map((e) => [e.data.index, e.data.dueOn])).toEqual([
      [0, day(10)],
      [1, day(20)],
    ]);
    expect(ofType(events, 'PaymentPlanEnded').map((e) => [e.data.outcome, e.data.on])).toEqual([['broken', day(21)]]);
    expect(ofType(events, 'HoldReleased').map((e) => e.data.reason)).toEqual(['plan_broken']);
    expect(steps(events)).toEqual([`${day(21)} letter-1 letter`]);
  });

  it('refuses installments out of order, naming the installment', () => {
    spec
      .given([profile(), invoice()])
      .when({ type: 'ProposePaymentPlan', accountId: 'A1', planId: 'P', installments: [{ dueOn: day(10), amountMinor: 1 }, { dueOn: day(5), amountMinor: 1 }], currency: 'EUR', invoiceIds: [], maxMissed: 2, proposedBy: 'u', on: day(1) })
      .thenFails('collections.plan_dates', 'installments[1].dueOn');
  });
});

describe('worklist score and assignment', () => {
  it('given a late invoice, then the score shows its parts and the next best action', () => {
    const scored = ofType(walk([profile(), invoice()], [5]), 'PriorityScored')[0].data;
    expect(scored.parts.find((p) => p.part === 'days_late')).toEqual({ part: 'days_late', input: 5, points: 10 });
    expect(scored.parts.find((p) => p.part === 'amount_at_stake')).toEqual({ part: 'amount_at_stake', input: 100_000, points: 10 });
    expect(scored.score).toBe(scored.parts.reduce((s, p) => s + p.points, 0));
    expect(scored.nextAction).toMatchObject({ channel: 'phone' });
  });

  it('assigns by rule unless assigned by hand', () => {
    const events = walk([profile('b2b', 'strategic'), invoice()], [1]);
    expect(ofType(events, 'CollectorAssigned').map((e) => e.data)).toEqual([{ accountId: 'A1', collectorId: 'key-accounts', team: 'key-accounts', by: 'rule', rule: 'strategic' }]);
    const manual: CaseEvent = { type: 'CollectorAssigned', data: { accountId: 'A1', collectorId: 'bob', team: 't', by: 'manual' } };
    expect(ofType(walk([profile('b2b', 'strategic'), invoice(), manual], [1]), 'CollectorAssigned')).toEqual([]);
  });

  const learn = (segment: Segment = 'standard'): CaseCommand => {
    const data = profile('b2b', segment).data as Extract<CaseEvent, { type: 'AccountProfileLearned' }>['data'];
    return { type: 'LearnAccountProfile', ...data, assignment: DEFAULT_ASSIGNMENT_RULES };
  };

  it('given the assignment rules, when the account is learned, then the case opens with its collector and the run assigns nobody again', () => {
    const opened = caseDecider.decide(learn('strategic'), caseDecider.initialState());
    expect(opened.map((e) => e.type)).toEqual(['AccountProfileLearned', 'CollectorAssigned']);
    expect(opened[1].data).toEqual({ accountId: 'A1', collectorId: 'key-accounts', team: 'key-accounts', by: 'rule', rule: 'strategic' });
    expect(ofType(walk([...opened, invoice()], [1, 2, 17]), 'CollectorAssigned')).toEqual([]);
  });

  it('given a case opened by the default rule, when its open amount grows past a rule on amounts, then the run reassigns it', () => {
    const opened = caseDecider.decide(learn(), caseDecider.initialState());
    expect(opened.filter((e) => e.type === 'CollectorAssigned').map((e) => e.data)).toEqual([{ accountId: 'A1', collectorId: 'collections', team: 'collections', by: 'rule', rule: 'default' }]);
    expect(ofType(walk([...opened, invoice('INV-1', 6_000_000)], [1]), 'CollectorAssigned').map((e) => e.data.rule)).toEqual(['large']);
  });

  it('given invoices learned before the profile, when the profile comes, then the rules see their amounts; without rules, no assignment', () => {
    let state = caseDecider.initialState();
    state = caseDecider.evolve(state, invoice('INV-1', 6_000_000));
    expect(caseDecider.decide(learn(), state).filter((e) => e.type === 'CollectorAssigned').map((e) => e.data)).toEqual([
      { accountId: 'A1', collectorId: 'senior', team: 'collections', by: 'rule', rule: 'large' },
    ]);
    const { assignment: _a, ...withoutRules } = learn() as Extract<CaseCommand, { type: 'LearnAccountProfile' }>;
    expect(caseDecider.decide(withoutRules, caseDecider.initialState()).map((e) => e.type)).toEqual(['AccountProfileLearned']);
  });
});

describe('scores that only the passing days change are not recorded again', () => {
  it('given a late invoice with an open call task, when the following days run, then no new score until something else changes (the worklist grows the days late)', () => {
    const events = walk([profile(), invoice()], everyDay(1, 16));
    expect(ofType(events, 'PriorityScored').map((e) => [e.data.on, e.data.oldestDueOn, e.data.perDayLate])).toEqual([[day(1), DUE, 2]]);
    // Reached on day 10 (the task closes, a recent contact), no longer recent after 3 days, the first letter changes the next action.
    const reached = (n: number): CaseCommand[] => (n === 10 ? [{ type: 'RecordContactOutcome', accountId: 'A1', collectorId: 'c', channel: 'phone', outcome: 'reached', at: `${day(10)}T10:00:00Z` }] : []);
    expect(ofType(walk([profile(), invoice()], everyDay(1, 20), reached), 'PriorityScored').map((e) => e.data.on)).toEqual([day(1), day(10), day(14), day(17)]);
  });
});

describe('the next run date of a case', () => {
  const stateOf = (given: CaseEvent[], days: readonly number[]) => {
    let state = caseDecider.initialState();
    for (const e of given) state = caseDecider.evolve(state, e);
    for (const { event } of walk(given, days)) state = caseDecider.evolve(state, event);
    return state;
  };

  it('is the next day the run would decide anything: the due date, then the call, then the first letter', () => {
    expect(nextRunOn(stateOf([profile(), invoice()], [-5]), run(day(-5)))).toBe(day(0));
    expect(nextRunOn(stateOf([profile(), invoice()], [-5, 0]), run(day(0)))).toBe(day(1));
    expect(nextRunOn(stateOf([profile(), invoice()], [-5, 0, 1]), run(day(1)))).toBe(day(17));
  });

  it('is none for a case with nothing open, and the horizon when nothing is due within it', () => {
    const paid: CaseEvent = { type: 'InvoiceOpenAmountChanged', data: { accountId: 'A1', invoiceId: 'INV-1', cause: 'payment', amountMinor: 100_000, openAmountMinor: 0, on: day(-10), paymentId: 'P1' } };
    expect(nextRunOn(stateOf([profile(), invoice(), paid], [-5]), run(day(-5)))).toBeUndefined();
    expect(nextRunOn(stateOf([profile(), invoice('INV-2', 100_000, day(60))], [0]), run(day(0)), 10)).toBe(day(10));
  });
  it('tries only the days where a comparison of the run with the date can turn: the same date as trying every day, after every run of varied cases', () => {
    const everyDay = (state: ReturnType<typeof caseDecider.initialState>, command: ReturnType<typeof run>): string | undefined => {
      for (let n = 1; n <= NEXT_RUN_HORIZON_DAYS; n++) if (caseDecider.decide({ ...command, on: addDays(command.on, n) }, state).length > 0) return addDays(command.on, n);
      return addDays(command.on, NEXT_RUN_HORIZON_DAYS);
    };
    // Steps before the due date, conditions on amount and risk class, a short handoff: more comparisons than the defaults.
    const custom: Record<string, DunningPolicyVersion> = {
      ...POLICIES,
      'standard.b2b': {
        ...POLICIES['standard.b2b'],
        steps: [
          { stepId: 'early', offsetDays: -3, channel: 'email', templateId: 'early' },
          { stepId: 'after-issue', offsetDays: 5, anchor: 'issueDate', channel: 'call_task', templateId: 'after-issue' },
          { stepId: 'big', offsetDays: 4, channel: 'call_task', templateId: 'big', conditions: { minAmountMinor: 150_000 } },
          { stepId: 'risky', offsetDays: 9, channel: 'letter', templateId: 'risky', conditions: { riskClasses: ['high'] } },
          { stepId: 'notice', offsetDays: 25, channel: 'registered_letter', templateId: 'notice', assessPenalty: true },
        ],
        handoff: { afterDays: 33 },
      },
    };
    const A = 'A1';
    const hold = (holdId: string, scope: 'account' | 'invoice' | 'amount', on: string, extra: Partial<Extract<CaseCommand, { type: 'PlaceHold' }>> = {}): CaseCommand => ({
      type: 'PlaceHold',
      accountId: A,
      holdId,
      kind: scope === 'amount' ? 'dispute' : 'vip',
      scope,
      reason: 'r',
      on,
      placedBy: 'u',
      ...(scope === 'account' ? {} : { invoiceIds: ['INV-2'] }),
      ...extra,
    });
    const paid = (invoiceId: string, amountMinor: number, openAmountMinor: number, on: string): CaseCommand => ({ type: 'LearnOpenAmount', accountId: A, invoiceId, cause: 'payment', amountMinor, openAmountMinor, on, paymentId: `P-${invoiceId}-${on}` });
    const scenarios: { name: string; given: CaseEvent[]; outside: (n: number) => CaseCommand[]; policies?: Record<string, DunningPolicyVersion> }[] = [
      { name: 'standard', given: [profile(), invoice()], outside: () => [] },
      { name: 'strategic, invoices falling due one after the other', given: [profile('b2b', 'strategic'), invoice(), invoice('INV-2', 30_000, day(12)), invoice('INV-3', 7_000_000, day(40))], outside: () => [] },
      { name: 'new b2c, one invoice too small for the rules', given: [profile('b2c', 'new'), invoice(), invoice('INV-2', 50, day(3))], outside: () => [] },
      { name: 'small amounts', given: [profile('b2b', 'small_amounts'), invoice(), invoice('INV-2', 20_000, day(20))], outside: () => [] },
      { name: 'sure not to pay', given: [profile('public_body', 'sure_not_to_pay'), invoice(), invoice('INV-2', 20_000, day(9))], outside: () => [] },
      {
        name: 'holds that expire, a dispute on part of an amount, a partial payment, contacts',
        given: [profile('b2b', 'repeat_late_payer'), invoice(), invoice('INV-2', 80_000, day(6))],
        outside: (n) =>
          n === 2
            ? [hold('H1', 'account', day(2), { expiresOn: day(9) })]
            : n === 8
              ? [hold('D1', 'amount', day(8), { amountMinor: 30_000, expiresOn: day(30) })]
              : n === 14
                ? [paid('INV-1', 40_000, 60_000, day(14)), { type: 'RecordContactOutcome', accountId: A, collectorId: 'c', channel: 'phone', outcome: 'reached', at: `${day(14)}T10:00:00Z` }]
                : n === 20
                  ? [{ type: 'RecordContactOutcome', accountId: A, collectorId: 'c', channel: 'phone', outcome: 'no_answer', at: `${day(20)}T11:00:00Z` }, hold('H2', 'invoice', day(20), { expiresOn: day(27) })]
                  : [],
      },
      {
        name: 'a promise broken, a promise kept, a plan broken',
        given: [profile(), invoice(), invoice('INV-2', 90_000, day(4))],
        outside: (n) =>
          n === 3
            ? [{ type: 'RecordPromiseToPay', accountId: A, promiseId: 'P1', amountMinor: 50_000, currency: 'EUR', promisedFor: day(10), channel: 'phone', invoiceIds: ['INV-1'], recordedBy: 'u', on: day(3) }]
            : n === 5
              ? [{ type: 'ReleaseHold', accountId: A, holdId: 'promise:P1', reason: 'by hand', on: day(5) }]
            : n === 12
              ? [{ type: 'RecordPromiseToPay', accountId: A, promiseId: 'P2', amountMinor: 10_000, currency: 'EUR', promisedFor: day(18), channel: 'phone', invoiceIds: ['INV-2'], recordedBy: 'u', on: day(12) }]
              : n === 16
                ? [paid('INV-2', 10_000, 80_000, day(16))]
                : n === 22
                  ? [
                      { type: 'ProposePaymentPlan', accountId: A, planId: 'PL1', installments: [{ dueOn: day(27), amountMinor: 30_000 }, { dueOn: day(37), amountMinor: 30_000 }, { dueOn: day(47), amountMinor: 40_000 }], currency: 'EUR', invoiceIds: ['INV-1'], maxMissed: 2, proposedBy: 'u', on: day(22) },
                      { type: 'AcceptPaymentPlan', accountId: A, planId: 'PL1', acceptedBy: 'u', on: day(22) },
                    ]
                  : n === 27
                    ? [paid('INV-1', 30_000, 70_000, day(27))]
                    : [],
      },
      {
        name: 'a policy with early, issue-date and conditional steps; the risk class changes',
        given: [profile(), invoice('INV-1', 200_000), invoice('INV-2', 100_000, day(15))],
        outside: (n) => (n === 6 ? [{ type: 'LearnRiskClass', accountId: A, riskClass: 'high' }] : n === 30 ? [{ type: 'LearnInvoice', accountId: A, invoiceId: 'INV-3', issuedOn: day(30), dueOn: day(45), totalMinor: 5_000, openAmountMinor: 5_000, currency: 'EUR' }] : []),
        policies: custom,
      },
      {
        name: 'the same policy handing over before its formal notice, without collector time (no score)',
        given: [profile(), invoice('INV-1', 200_000)],
        outside: () => [],
        policies: { ...custom, 'standard.b2b': { ...custom['standard.b2b'], steps: custom['standard.b2b'].steps.filter((s) => s.channel !== 'call_task'), collectorTime: false, handoff: { afterDays: 20 } } },
      },
    ];
    let compared = 0;
    for (const { name, given, outside, policies } of scenarios) {
      // Every day, then only on the planned days as the daily run does: the states of both ways.
      for (const planned of [false, true]) {
        let state = caseDecider.initialState();
        for (const e of given) state = caseDecider.evolve(state, e);
        let next: string | undefined = day(-40);
        for (let n = -40; n <= 120; n++) {
          const changed = outside(n);
          for (const command of changed) for (const event of caseDecider.decide(command, state)) state = caseDecider.evolve(state, event);
          if (planned && !changed.length && (next === undefined || next > day(n))) continue;
          const command = { ...run(day(n)), policies: policies ?? POLICIES };
          const decided = caseDecider.decide(command, state);
          // The runner takes decideAndFold's state instead of folding the events again: the same state.
          expect(caseDecider.decideAndFold!(command, state)).toEqual({ events: decided, state: decided.reduce(caseDecider.evolve, state) });
          for (const event of decided) state = caseDecider.evolve(state, event);
          next = nextRunOn(state, command);
          if (next !== undefined) {
            expect([name, day(n), next]).toEqual([name, day(n), everyDay(state, command)]);
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
