import { deciderSpec } from '@o2c/kernel/testing';
import { DEFAULT_AGENCY_POLICY } from '../agency.config';
import type { DebtorFileCommand } from '../debtor-file/commands';
import { debtorFileDecider } from '../debtor-file/debtor-file.decider';
import type { DebtorFileEvent } from '../debtor-file/events';

/** The placement rules' edges, as given (facts on the debtor file) / when (the daily evaluation) / then (placed or not). */
const spec = deciderSpec(debtorFileDecider);
const policy = DEFAULT_AGENCY_POLICY;
let seq = 0;
const fact = (source: 'accounts' | 'invoicing' | 'collections' | 'disputes', type: string, data: Record<string, unknown>, occurredAt = '2026-10-01T09:00:00Z'): DebtorFileEvent => ({
  type: 'FactNoted',
  data: { accountId: 'ACME', source, type, data: { accountId: 'ACME', ...data }, messageId: `m-${++seq}`, occurredAt },
});
const opened = (segment = 'standard', region = 'OCC', kind = 'b2b') =>
  fact('accounts', 'AccountOpened', { legalName: 'Acme SAS', kind, segment, currency: 'EUR', paymentTermsDays: 30, creditLimitMinor: 1_000_000, contacts: [], region, openedAt: '2026-01-01T00:00:00Z' });
const invoice = (invoiceId: string, dueOn: string, amountMinor: number) =>
  fact('invoicing', 'InvoiceIssued', { invoiceId, orderId: invoiceId, currency: 'EUR', lines: [], netMinor: amountMinor, taxMinor: 0, totalMinor: amountMinor, issuedOn: '2026-09-01', dueOn, openAmountMinor: amountMinor });
const evaluate = (today: string): DebtorFileCommand => ({ type: 'EvaluatePlacement', accountId: 'ACME', today, policy });
const placed = (today: string, invoiceIds: string[], totalMinor: number, ruleId = 'insurer-35d', agencyId = 'intrum', claimId = 'ACME-1'): DebtorFileEvent[] => [
  { type: 'ClaimPlacementDecided', data: { accountId: 'ACME', claimId, agencyId, ruleId, reason: `rule ${ruleId}`, invoiceIds, totalMinor, currency: 'EUR', placedOn: today } },
];

describe('placement rules (insurer: 35 days since the first unpaid due date)', () => {
  it('34 days after the due date: not placed', () => {
    spec.given([opened(), invoice('INV-1', '2026-10-01', 500_00)]).when(evaluate('2026-11-04')).then([]);
  });

  it('35 days after the due date: placed with every overdue invoice', () => {
    spec.given([opened(), invoice('INV-1', '2026-10-01', 500_00), invoice('INV-2', '2026-10-20', 200_00), invoice('INV-3', '2026-12-01', 99_00)])
      .when(evaluate('2026-11-05'))
      .then(placed('2026-11-05', ['INV-1', 'INV-2'], 700_00));
  });

  it('exactly at the minimum amount (100.00): placed; one cent below: not placed', () => {
    spec.given([opened(), invoice('INV-1', '2026-10-01', 100_00)]).when(evaluate('2026-11-05')).then(placed('2026-11-05', ['INV-1'], 100_00));
    spec.given([opened(), invoice('INV-1', '2026-10-01', 99_99)]).when(evaluate('2026-11-05')).then([]);
  });

  it('counts only what is still open: a partial payment can bring it under the minimum', () => {
    spec.given([opened(), invoice('INV-1', '2026-10-01', 150_00), fact('invoicing', 'PaymentApplied', { invoiceId: 'INV-1', paymentId: 'P-1', amountMinor: 60_00, currency: 'EUR', receivedOn: '2026-10-10', openAmountMinor: 90_00 })])
      .when(evaluate('2026-11-05'))
      .then([]);
  });

  it('an open dispute, an active payment plan or a legal hold blocks it; their end unblocks it', () => {
    const base = [opened(), invoice('INV-1', '2026-10-01', 500_00)];
    const dispute = fact('disputes', 'DisputeOpened', { disputeId: 'D-1', invoiceId: 'INV-1', amountMinor: 100_00, currency: 'EUR', cause: 'price', ownerId: 'u', openedBy: 'u', openedAt: '2026-11-01T10:00:00Z', dueBy: '2026-11-04T10:00:00Z' });
    const plan = fact('collections', 'PaymentPlanAgreed', { planId: 'PL-1', installments: [{ dueOn: '2026-12-01', amountMinor: 500_00 }], currency: 'EUR', invoiceIds: ['INV-1'] });
    const hold = fact('collections', 'HoldPlaced', { holdId: 'H-1', kind: 'legal', scope: 'account', reason: 'receivership' });
    spec.given([...base, dispute]).when(evaluate('2026-11-05')).then([]);
    spec.given([...base, plan]).when(evaluate('2026-11-05')).then([]);
    spec.given([...base, hold]).when(evaluate('2026-11-05')).then([]);
    spec.given([...base, fact('collections', 'HoldPlaced', { holdId: 'H-2', kind: 'vip', scope: 'account', reason: 'vip' })]).when(evaluate('2026-11-05')).then(placed('2026-11-05', ['INV-1'], 500_00));
    spec
      .given([...base, dispute, fact('disputes', 'DisputeResolved', { disputeId: 'D-1', invoiceId: 'INV-1', outcome: 'rejected', currency: 'EUR', resolvedAt: '2026-11-02T10:00:00Z', withinSla: true })])
      .when(evaluate('2026-11-05'))
      .then(placed('2026-11-05', ['INV-1'], 500_00));
    spec.given([...base, plan, fact('collections', 'PaymentPlanEnded', { planId: 'PL-1', outcome: 'broken' })]).when(evaluate('2026-11-05')).then(placed('2026-11-05', ['INV-1'], 500_00));
    spec.given([...base, hold, fact('collections', 'HoldReleased', { holdId: 'H-1', kind: 'legal', reason: 'lifted' })]).when(evaluate('2026-11-05')).then(placed('2026-11-05', ['INV-1'], 500_00));
  });

  it('strategic customers are never placed by the rules', () => {
    spec.given([opened('strategic'), invoice('INV-1', '2026-01-01', 5_000_00)]).when(evaluate('2026-11-05')).then([]);
  });

  it('an account already with an agency is not placed twice; the next placement gets the next claim id', () => {
    const first = placed('2026-11-05', ['INV-1'], 500_00);
    spec.given([opened(), invoice('INV-1', '2026-10-01', 500_00), ...first]).when(evaluate('2026-11-06')).then([]);
    spec
      .given([opened(), invoice('INV-1', '2026-10-01', 500_00), ...first, { type: 'ClaimEnded', data: { accountId: 'ACME', claimId: 'ACME-1', outcome: 'uncollectable' } }])
      .when(evaluate('2026-11-06'))
      .then(placed('2026-11-06', ['INV-1'], 500_00, 'insurer-35d', 'intrum', 'ACME-2'));
  });
});

describe('placement rules (ladder exhausted: formal notice sent and 15 days passed)', () => {
  const ladder = [
    opened(),
    invoice('INV-1', '2026-10-20', 500_00),
    fact('collections', 'FormalNoticeSent', { reminderId: 'R-3', invoiceIds: ['INV-1'], totalMinor: 500_00, currency: 'EUR', sentAt: '2026-10-25T08:00:00Z' }),
    fact('collections', 'DunningLadderExhausted', { policyId: 'std', policyVersion: 1, invoiceIds: ['INV-1'], openMinor: 500_00, currency: 'EUR', exhaustedOn: '2026-10-26' }),
  ];
  it('14 days after the formal notice: not placed; 15 days: placed by the ladder rule', () => {
    spec.given(ladder).when(evaluate('2026-11-08')).then([]);
    spec.given(ladder).when(evaluate('2026-11-09')).then(placed('2026-11-09', ['INV-1'], 500_00, 'ladder-exhausted-15d'));
  });
  it('a formal notice alone (ladder not exhausted) is not enough', () => {
    spec.given(ladder.slice(0, 3)).when(evaluate('2026-11-09')).then([]);
  });
});

describe('agency routing (region, amount, kind)', () => {
  it('a local agency for its region, a credit insurer for large B2B claims, another for B2C', () => {
    spec.given([opened('standard', 'IDF'), invoice('INV-1', '2026-10-01', 500_00)]).when(evaluate('2026-11-05')).then(placed('2026-11-05', ['INV-1'], 500_00, 'insurer-35d', 'contentia'));
    spec.given([opened('standard', 'OCC'), invoice('INV-1', '2026-10-01', 50_000_00)]).when(evaluate('2026-11-05')).then(placed('2026-11-05', ['INV-1'], 50_000_00, 'insurer-35d', 'euler-hermes'));
    spec.given([opened('standard', 'OCC', 'b2c'), invoice('INV-1', '2026-10-01', 500_00)]).when(evaluate('2026-11-05')).then(placed('2026-11-05', ['INV-1'], 500_00, 'insurer-35d', 'gcollect'));
  });
});

describe('recall on facts (the reaction to a fact noted on a placed account)', () => {
  const claimed = [opened(), invoice('INV-1', '2026-10-01', 500_00), invoice('INV-2', '2026-10-02', 100_00), ...placed('2026-11-05', ['INV-1', 'INV-2'], 600_00)];
  const note = (source: 'invoicing' | 'disputes', factType: string, data: Record<string, unknown>): DebtorFileCommand => ({
    type: 'NoteFact',
    accountId: 'ACME',
    source,
    factType,
    data: { accountId: 'ACME', ...data },
    messageId: 'm-x',
    occurredAt: '2026-11-05T15:00:00Z',
  });
  const noted = (c: DebtorFileCommand): DebtorFileEvent => {
    if (c.type !== 'NoteFact') throw new Error('not a fact');
    return { type: 'FactNoted', data: { accountId: 'ACME', source: c.source, type: c.factType, data: c.data, messageId: c.messageId, occurredAt: c.occurredAt } };
  };
  const recall = (reason: 'dispute_opened' | 'paid_directly'): DebtorFileEvent => ({ type: 'ClaimRecallRequested', data: { accountId: 'ACME', claimId: 'ACME-1', reason } });

  it('a dispute opened on a claimed invoice the day of placement: recall', () => {
    const opening = note('disputes', 'DisputeOpened', { disputeId: 'D-9', invoiceId: 'INV-2', amountMinor: 100_00, currency: 'EUR', cause: 'delivery_problem', ownerId: 'u', openedBy: 'u', openedAt: '2026-11-05T15:00:00Z', dueBy: '2026-11-08T15:00:00Z' });
    spec.given(claimed).when(opening).then([noted(opening), recall('dispute_opened')]);
  });

  it('a dispute on an invoice outside the claim: noted, no recall', () => {
    const opening = note('disputes', 'DisputeOpened', { disputeId: 'D-9', invoiceId: 'INV-7', amountMinor: 100_00, currency: 'EUR', cause: 'price', ownerId: 'u', openedBy: 'u', openedAt: '2026-11-05T15:00:00Z', dueBy: '2026-11-08T15:00:00Z' });
    spec.given(claimed).when(opening).then([noted(opening)]);
  });

  it('the customer pays the claimed invoices to us directly: recall once the last one is paid', () => {
    const first = note('invoicing', 'PaymentApplied', { invoiceId: 'INV-1', paymentId: 'BANK-1', amountMinor: 500_00, currency: 'EUR', receivedOn: '2026-11-06', openAmountMinor: 0 });
    const second = note('invoicing', 'PaymentApplied', { invoiceId: 'INV-2', paymentId: 'BANK-2', amountMinor: 100_00, currency: 'EUR', receivedOn: '2026-11-06', openAmountMinor: 0 });
    spec.given(claimed).when(first).then([noted(first)]);
    spec.given([...claimed, noted(first)]).when(second).then([noted(second), recall('paid_directly')]);
  });

  it("the agency's own recoveries settling the claim are no recall", () => {
    const paid = note('invoicing', 'PaymentApplied', { invoiceId: 'INV-2', paymentId: 'AGY-R-1', amountMinor: 100_00, currency: 'EUR', receivedOn: '2026-11-06', openAmountMinor: 0 });
    const first = note('invoicing', 'PaymentApplied', { invoiceId: 'INV-1', paymentId: 'BANK-1', amountMinor: 500_00, currency: 'EUR', receivedOn: '2026-11-06', openAmountMinor: 0 });
    spec.given([...claimed, noted(first)]).when(paid).then([noted(paid)]);
  });
});
