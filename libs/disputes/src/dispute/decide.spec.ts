import { deciderSpec } from '@o2c/kernel/testing';
import { DEFAULT_SLA_POLICY } from '../sla/sla-clock';
import type { DisputeCommand } from './commands';
import { disputeDecider } from './dispute.decider';
import type { DisputeEvent } from './events';

const H = 3_600_000;
const spec = deciderSpec(disputeDecider);
const owner = { ownerId: 'ann', managerId: 'max', team: 'customer-service' };
const open: Extract<DisputeCommand, { type: 'OpenDispute' }> = {
  type: 'OpenDispute',
  disputeId: 'D-1',
  accountId: 'ACME',
  invoiceId: 'INV-1',
  amountMinor: 40_00,
  currency: 'EUR',
  invoiceOpenAmountMinor: 63_00,
  cause: 'goods_not_conforming',
  owner,
  openedBy: 'user:customer',
  origin: 'customer',
  sla: DEFAULT_SLA_POLICY,
  now: '2026-11-23T09:00:00.000Z',
};
const opened: DisputeEvent = {
  type: 'DisputeOpened',
  data: {
    disputeId: 'D-1',
    accountId: 'ACME',
    invoiceId: 'INV-1',
    amountMinor: 40_00,
    currency: 'EUR',
    cause: 'goods_not_conforming',
    owner,
    openedBy: 'user:customer',
    origin: 'customer',
    openedAt: '2026-11-23T09:00:00.000Z',
    sla: DEFAULT_SLA_POLICY,
    dueBy: '2026-11-26T09:00:00.000Z',
  },
};
const at = (iso: string) => `${iso}.000Z`;

describe('dispute decider', () => {
  it('opens a dispute on part of an invoice, due 72 hours later; a repeat is a no-op', () => {
    spec.given([]).when(open).then([opened]);
    spec.given([opened]).when(open).then([]);
  });

  it('refuses a dispute above the open amount, naming amountMinor', () => {
    spec.given([]).when({ ...open, amountMinor: 63_01 }).thenFails('disputes.amount_exceeds_open_amount', 'amountMinor');
  });

  it('is at risk 12 hours before the deadline, breached at it, each once, and escalates to the manager', () => {
    spec.given([opened]).when({ type: 'FlagSlaAtRisk', now: at('2026-11-25T20:59:59') }).then([]);
    const atRisk: DisputeEvent = {
      type: 'DisputeSlaAtRisk',
      data: { disputeId: 'D-1', accountId: 'ACME', ownerId: 'ann', escalatedTo: 'max', at: at('2026-11-25T21:00:00'), remainingMinutes: 720, dueBy: at('2026-11-26T09:00:00') },
    };
    spec.given([opened]).when({ type: 'FlagSlaAtRisk', now: at('2026-11-25T21:00:00') }).then([atRisk]);
    spec.given([opened, atRisk]).when({ type: 'FlagSlaAtRisk', now: at('2026-11-25T22:00:00') }).then([]);
    spec.given([opened, atRisk]).when({ type: 'FlagSlaBreached', now: at('2026-11-26T08:59:59') }).then([]);
    const breached: DisputeEvent = {
      type: 'DisputeSlaBreached',
      data: { disputeId: 'D-1', accountId: 'ACME', ownerId: 'ann', escalatedTo: 'max', at: at('2026-11-26T09:00:00'), dueBy: at('2026-11-26T09:00:00') },
    };
    spec.given([opened, atRisk]).when({ type: 'FlagSlaBreached', now: at('2026-11-26T09:00:00') }).then([breached]);
    spec.given([opened, atRisk, breached]).when({ type: 'FlagSlaBreached', now: at('2026-11-27T09:00:00') }).then([]);
  });

  it('given a pause across the breach boundary, no breach while waiting on the customer, and the deadline moves by the pause', () => {
    const paused: DisputeEvent = { type: 'DisputeAwaitingCustomer', data: { disputeId: 'D-1', at: at('2026-11-26T07:00:00'), usedMs: 70 * H } };
    spec.given([opened]).when({ type: 'AwaitCustomer', now: at('2026-11-26T07:00:00') }).then([paused]);
    spec.given([opened, paused]).when({ type: 'FlagSlaBreached', now: at('2026-11-27T09:00:00') }).then([]);
    const answered: DisputeEvent = { type: 'DisputeCustomerAnswered', data: { disputeId: 'D-1', at: at('2026-11-27T09:00:00'), usedMs: 70 * H, dueBy: at('2026-11-27T11:00:00') } };
    spec.given([opened, paused]).when({ type: 'RecordCustomerAnswer', now: at('2026-11-27T09:00:00') }).then([answered]);
    spec.given([opened, paused, answered]).when({ type: 'FlagSlaBreached', now: at('2026-11-27T10:59:59') }).then([]);
    spec.given([opened, paused, answered]).when({ type: 'FlagSlaBreached', now: at('2026-11-27T11:00:00') }).then([
      { type: 'DisputeSlaBreached', data: { disputeId: 'D-1', accountId: 'ACME', ownerId: 'ann', escalatedTo: 'max', at: at('2026-11-27T11:00:00'), dueBy: at('2026-11-27T11:00:00') } },
    ]);
    spec.given([opened]).when({ type: 'RecordCustomerAnswer', now: at('2026-11-24T09:00:00') }).thenFails('disputes.not_awaiting_customer', 'disputeId');
  });

  it('resolves with a partial credit note within the SLA; refuses a credit above the disputed amount', () => {
    spec.given([opened]).when({ type: 'ResolveDispute', outcome: 'credit_note', creditAmountMinor: 40_01, rootCause: 'x', resolvedBy: 'user:ann', now: at('2026-11-24T09:00:00') }).thenFails('disputes.credit_exceeds_disputed_amount', 'creditAmountMinor');
    spec.given([opened]).when({ type: 'ResolveDispute', outcome: 'credit_note', rootCause: 'x', resolvedBy: 'user:ann', now: at('2026-11-24T09:00:00') }).thenFails('disputes.credit_amount_required', 'creditAmountMinor');
    spec.given([opened]).when({ type: 'ResolveDispute', outcome: 'credit_note', creditAmountMinor: 15_00, rootCause: 'damaged in transit', resolvedBy: 'user:ann', now: at('2026-11-24T09:00:00') }).then([
      {
        type: 'DisputeResolved',
        data: { disputeId: 'D-1', accountId: 'ACME', invoiceId: 'INV-1', resolution: 1, outcome: 'credit_note', creditAmountMinor: 15_00, currency: 'EUR', rootCause: 'damaged in transit', resolvedBy: 'user:ann', resolvedAt: at('2026-11-24T09:00:00'), usedMs: 24 * H, withinSla: true },
      },
    ]);
  });

  it('records where a dispute was raised: by the customer through the API, or by a collector from the worklist; a dispute opened before the origin existed reads as unrecorded', () => {
    spec.given([]).when({ ...open, origin: 'worklist', openedBy: 'user:col-ann' }).then([{ ...opened, data: { ...opened.data, origin: 'worklist', openedBy: 'user:col-ann' } } as DisputeEvent]);
    const { origin: _origin, ...before } = (opened as Extract<DisputeEvent, { type: 'DisputeOpened' }>).data;
    const state = disputeDecider.evolve(disputeDecider.initialState(), { type: 'DisputeOpened', data: before });
    expect(state).toMatchObject({ status: 'Open', origin: null, openedBy: 'user:customer' });
  });

  it('resolves with a corrected invoice: says what it totals, in the invoice currency; refuses what is missing, not an integer, another currency or a credit beside it', () => {
    const resolve = (extra: Partial<Extract<DisputeCommand, { type: 'ResolveDispute' }>>): DisputeCommand => ({ type: 'ResolveDispute', outcome: 'corrected_invoice', rootCause: 'wrong unit price', resolvedBy: 'user:ann', now: at('2026-11-24T09:00:00'), ...extra });
    spec.given([opened]).when(resolve({ correctedTotalMinor: 54_00, currency: 'EUR' })).then([
      {
        type: 'DisputeResolved',
        data: { disputeId: 'D-1', accountId: 'ACME', invoiceId: 'INV-1', resolution: 1, outcome: 'corrected_invoice', correctedTotalMinor: 54_00, currency: 'EUR', rootCause: 'wrong unit price', resolvedBy: 'user:ann', resolvedAt: at('2026-11-24T09:00:00'), usedMs: 24 * H, withinSla: true },
      },
    ]);
    // A corrected total may be above the disputed invoice (an undercharged price is corrected too).
    spec.given([opened]).when(resolve({ correctedTotalMinor: 70_00 })).then([expect.objectContaining({ type: 'DisputeResolved', data: expect.objectContaining({ correctedTotalMinor: 70_00 }) }) as DisputeEvent]);
    spec.given([opened]).when(resolve({})).thenFails('disputes.corrected_total_required', 'correctedTotalMinor');
    spec.given([opened]).when(resolve({ correctedTotalMinor: 54.5 })).thenFails('disputes.invalid_amount', 'correctedTotalMinor');
    spec.given([opened]).when(resolve({ correctedTotalMinor: 0 })).thenFails('disputes.invalid_amount', 'correctedTotalMinor');
    spec.given([opened]).when(resolve({ correctedTotalMinor: 54_00, currency: 'USD' })).thenFails('disputes.currency_mismatch', 'currency');
    spec.given([opened]).when(resolve({ correctedTotalMinor: 54_00, creditAmountMinor: 9_00 })).thenFails('disputes.credit_with_corrected_invoice', 'creditAmountMinor');
    spec.given([opened]).when({ type: 'ResolveDispute', outcome: 'credit_note', creditAmountMinor: 9_00, correctedTotalMinor: 54_00, rootCause: 'x', resolvedBy: 'user:ann', now: at('2026-11-24T09:00:00') }).thenFails('disputes.corrected_total_without_correction', 'correctedTotalMinor');
  });

  it('a reopened dispute keeps its clock: it resumes from the time used, and breaches when the rest has run', () => {
    const resolved: DisputeEvent = {
      type: 'DisputeResolved',
      data: { disputeId: 'D-1', accountId: 'ACME', invoiceId: 'INV-1', resolution: 1, outcome: 'rejected', currency: 'EUR', rootCause: 'goods conform', resolvedBy: 'user:ann', resolvedAt: at('2026-11-25T09:00:00'), usedMs: 48 * H, withinSla: true },
    };
    spec.given([opened, resolved]).when({ type: 'FlagSlaBreached', now: at('2026-12-01T09:00:00') }).then([]);
    spec.given([opened, resolved]).when({ type: 'AwaitCustomer', now: at('2026-12-01T09:00:00') }).thenFails('disputes.dispute_resolved', 'disputeId');
    const reopened: DisputeEvent = {
      type: 'DisputeReopened',
      data: { disputeId: 'D-1', accountId: 'ACME', invoiceId: 'INV-1', amountMinor: 40_00, currency: 'EUR', reason: 'customer restates', reopenedBy: 'user:ann', reopenedAt: at('2026-12-01T09:00:00'), usedMs: 48 * H, dueBy: at('2026-12-02T09:00:00') },
    };
    spec.given([opened, resolved]).when({ type: 'ReopenDispute', reason: 'customer restates', reopenedBy: 'user:ann', now: at('2026-12-01T09:00:00') }).then([reopened]);
    spec.given([opened, resolved, reopened]).when({ type: 'FlagSlaBreached', now: at('2026-12-02T09:00:00') }).then([
      { type: 'DisputeSlaBreached', data: { disputeId: 'D-1', accountId: 'ACME', ownerId: 'ann', escalatedTo: 'max', at: at('2026-12-02T09:00:00'), dueBy: at('2026-12-02T09:00:00') } },
    ]);
    spec.given([opened, resolved, reopened]).when({ type: 'ResolveDispute', outcome: 'corrected_invoice', correctedTotalMinor: 54_00, rootCause: 'wrong price', resolvedBy: 'user:ann', now: at('2026-12-01T21:00:00') }).then([
      {
        type: 'DisputeResolved',
        data: { disputeId: 'D-1', accountId: 'ACME', invoiceId: 'INV-1', resolution: 2, outcome: 'corrected_invoice', correctedTotalMinor: 54_00, currency: 'EUR', rootCause: 'wrong price', resolvedBy: 'user:ann', resolvedAt: at('2026-12-01T21:00:00'), usedMs: 60 * H, withinSla: true },
      },
    ]);
    spec.given([opened]).when({ type: 'ReopenDispute', reason: 'x', reopenedBy: 'user:ann', now: at('2026-12-01T09:00:00') }).thenFails('disputes.dispute_not_resolved');
  });

  it('assigns another owner (and so another manager for escalation)', () => {
    const next = { ownerId: 'bob', managerId: 'mia', team: 'billing' };
    spec.given([opened]).when({ type: 'AssignOwner', owner: next, now: at('2026-11-23T10:00:00') }).then([{ type: 'DisputeOwnerAssigned', data: { disputeId: 'D-1', owner: next, at: at('2026-11-23T10:00:00') } }]);
    spec.given([opened]).when({ type: 'AssignOwner', owner, now: at('2026-11-23T10:00:00') }).then([]);
  });
});
