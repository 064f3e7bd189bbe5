import { PostgresEventStore } from '@o2c/event-store/postgres';
import { handleCommand, ManualClock, type CommandContext } from '@o2c/kernel';
import { createTestDatabase } from '../../../../test/support/database';
import { addDays } from '../collection-case/calendar';
import { DEFAULT_ASSIGNMENT_RULES, DEFAULT_SCORING } from '../collection-case/case-rules';
import type { CaseCommand } from '../collection-case/case.commands';
import { caseDecider } from '../collection-case/case.decider';
import { caseStream } from '../collection-case/case.events';
import { RUN_ACTOR } from '../daily-run/daily-run.service';
import { DEFAULT_POLICIES, defaultPolicy } from '../policy/default-policies';
import type { DunningPolicyVersion } from '../policy/dunning-policy';
import { policyDecider, policyStream } from '../policy/policy.decider';
import { DEFAULT_LATE_PAYMENT_RULES } from '../rules/french-b2b';
import { runBacktest } from './backtest.loader';

const RULES = { latePayment: DEFAULT_LATE_PAYMENT_RULES, scoring: DEFAULT_SCORING, assignment: DEFAULT_ASSIGNMENT_RULES };
const POLICIES: Record<string, DunningPolicyVersion> = Object.fromEntries(DEFAULT_POLICIES.map((p) => [p.policyId, { ...p, version: 1, effectiveFrom: '2000-01-01' }]));
const DUE = '2026-01-31';
const FIRST_RUN = '2026-01-29';
const LAST_RUN = '2026-02-28';

/** A recorded history on a real PostgreSQL, then backtests of it; the store must not move. */
describe('policy backtest on a recorded history (real PostgreSQL)', () => {
  let store: PostgresEventStore;
  const clock = new ManualClock(`${FIRST_RUN}T06:00:00Z`);

  const execute = (command: CaseCommand, context: CommandContext) => handleCommand(store, caseStream(command.accountId), caseDecider, command, context, { clock });
  const learn = (command: CaseCommand, id: string) => execute(command, { causationId: id, actor: 'svc:test' });
  const account = (accountId: string, segment: 'standard' | 'strategic', amount: number) => [
    { type: 'LearnAccountProfile', accountId, legalName: accountId, kind: 'b2b', segment, currency: 'EUR', paymentTermsDays: 30, contacts: [{ contactId: 'c1', name: 'Ann', role: 'accountant', email: 'ann@x.test', preferredChannel: 'email' }] },
    { type: 'LearnInvoice', accountId, invoiceId: `INV-${accountId}`, issuedOn: addDays(DUE, -30), dueOn: DUE, totalMinor: amount, openAmountMinor: amount, currency: 'EUR' },
  ] as CaseCommand[];

  beforeAll(async () => {
    store = await PostgresEventStore.connect({ url: await createTestDatabase('backtest') });
    const standard = defaultPolicy('standard', 'b2b');
    await handleCommand(store, policyStream(standard.policyId), policyDecider, { type: 'PublishDunningPolicy', policy: standard, effectiveFrom: '2000-01-01', publishedBy: 'system:collections', reason: 'shipped default' }, { causationId: 'default-policy', actor: 'system:collections' }, { clock });
    for (const [i, command] of [...account('A1', 'standard', 100_000), ...account('A2', 'standard', 80_000), ...account('A3', 'strategic', 500_000)].entries()) await learn(command, `learn-${i}`);
    // The daily run of every day, as DailyRunService stamps it; A2 goes on a legal hold on 2026-02-05, before its first letter.
    for (let on = FIRST_RUN; on <= LAST_RUN; on = addDays(on, 1)) {
      clock.set(`${on}T06:00:00Z`);
      if (on === '2026-02-05') await learn({ type: 'PlaceHold', accountId: 'A2', holdId: 'legal-1', kind: 'legal', scope: 'account', reason: 'lawyer involved', on, placedBy: 'user:cm' }, 'hold-1');
      for (const accountId of ['A1', 'A2', 'A3']) {
        await execute({ type: 'RunDailyDunning', accountId, on, policies: POLICIES, rules: RULES }, { causationId: `run:${on}`, commandId: `run:${on}`, correlationId: `run:${on}`, actor: RUN_ACTOR });
      }
    }
  });

  afterAll(async () => {
    await store?.close();
  });

  const laterLetter = { ...defaultPolicy('standard', 'b2b'), steps: defaultPolicy('standard', 'b2b').steps.map((s) => (s.stepId === 'letter-1' ? { ...s, offsetDays: 25 } : s)) };

  it('replays the history under a candidate with a later first letter and explains the difference, without writing to the store', async () => {
    const head = (await store.health()).headPosition;
    const report = await runBacktest(store, { from: FIRST_RUN, to: LAST_RUN, policy: laterLetter, rules: RULES });
    expect((await store.health()).headPosition).toBe(head);

    expect(report).toMatchObject({ accounts: 3, candidatePolicies: ['standard.b2b'], holdsInForce: 1, accountsWithDifferences: 1, sandbox: { storeWrites: 0, remindersSent: 0 } });
    expect(report.differences).toEqual([
      {
        accountId: 'A1',
        steps: [
          {
            invoiceId: 'INV-A1',
            stepId: 'letter-1',
            actual: { on: '2026-02-17', channel: 'letter', policy: 'standard.b2b v1' },
            candidate: { on: '2026-02-25', channel: 'letter', policy: 'standard.b2b (candidate)' },
            because: 'step letter-1: offsetDays 17 in standard.b2b v1, 25 in standard.b2b (candidate)',
          },
        ],
      },
    ]);
    // Same contacts over the whole window (the letter only moved), the hold respected on both sides.
    expect(report.actual.contactsByChannel).toEqual({ email: 3, call_task: 5, letter: 1 });
    expect(report.candidate.contactsByChannel).toEqual(report.actual.contactsByChannel);
    expect(report.actual.customersReachingStep).toMatchObject({ 'standard.b2b/due-reminder': 2, 'standard.b2b/call-1': 2, 'standard.b2b/letter-1': 1, 'strategic.b2b/call-2': 1 });
    expect(report.actual.stepsOnHeldInvoices).toBe(0);
    expect(report.candidate).toMatchObject({ stepsOnHeldInvoices: 0, holdsRespected: true, agencyHandoffs: 0 });
  });

  it('counts what a shorter window sees: the candidate sends no first letter before 2026-02-20', async () => {
    const report = await runBacktest(store, { from: FIRST_RUN, to: '2026-02-20', policy: { policies: [laterLetter] }, rules: RULES });
    expect(report.actual.contactsByChannel.letter).toBe(1);
    expect(report.candidate.contactsByChannel.letter).toBeUndefined();
    expect(report.actual.customersReachingStep['standard.b2b/letter-1']).toBe(1);
    expect(report.candidate.customersReachingStep['standard.b2b/letter-1']).toBeUndefined();
    expect(report.differences[0].steps[0]).toMatchObject({ stepId: 'letter-1', candidate: null });
  });

  it('finds no difference when the candidate is the policy that ran (the sandbox replays the history faithfully)', async () => {
    const report = await runBacktest(store, { from: FIRST_RUN, to: LAST_RUN, policy: [defaultPolicy('standard', 'b2b'), defaultPolicy('strategic', 'b2b')], rules: RULES });
    expect(report.accountsWithDifferences).toBe(0);
    expect(report.candidate).toEqual(report.actual);
  });

  it('refuses a bad policy file or window naming the field, and reads nothing', async () => {
    await expect(runBacktest(store, { from: FIRST_RUN, to: LAST_RUN, policy: { ...laterLetter, steps: [{ ...laterLetter.steps[0], offsetDays: 'soon' }] }, rules: RULES })).rejects.toMatchObject({
      error: { field: expect.stringMatching(/^policies\[0\]\.steps\[0\]\.offsetDays/) },
    });
    await expect(runBacktest(store, { from: FIRST_RUN, to: LAST_RUN, policy: { ...laterLetter, policyId: 'gold.b2b' }, rules: RULES })).rejects.toMatchObject({ error: { field: 'policies[0].policyId' } });
    await expect(runBacktest(store, { from: LAST_RUN, to: FIRST_RUN, policy: laterLetter, rules: RULES })).rejects.toMatchObject({ error: { field: 'to' } });
  });
});
