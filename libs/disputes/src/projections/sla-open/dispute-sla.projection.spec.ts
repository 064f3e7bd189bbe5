import type { RecordedEvent } from '@o2c/event-store';
import type { DisputeEvent } from '../../dispute/events';
import { DEFAULT_SLA_POLICY } from '../../sla/sla-clock';
import { translateDisputeEvent } from '../../translator/disputes.translator';
import { evolveResolvedRow } from '../sla-resolved/resolved-dispute.projection';
import { evolveDisputeSlaRow, type DisputeSlaRow } from './dispute-sla.projection';

let position = 0n;
const recorded = (event: DisputeEvent): RecordedEvent =>
  ({
    id: `e-${++position}`,
    streamName: `dispute-${event.data.disputeId}`,
    type: event.type,
    data: event.data,
    schemaVersion: 1,
    revision: position,
    position,
    metadata: { correlationId: 'c', causationId: 'c', actor: 'user:ann', occurredAt: '2026-11-23T09:00:00.000Z' },
  }) as unknown as RecordedEvent;

const owner = { ownerId: 'ann', managerId: 'max', team: 'b2b' };
const opened: DisputeEvent = {
  type: 'DisputeOpened',
  data: { disputeId: 'D-1', accountId: 'ACME', invoiceId: 'INV-1', amountMinor: 40_00, currency: 'EUR', cause: 'price', owner, openedBy: 'user:c', openedAt: '2026-11-23T09:00:00.000Z', sla: DEFAULT_SLA_POLICY, dueBy: '2026-11-26T09:00:00.000Z' },
};

describe('disputes.sla read model (pure evolve)', () => {
  it('keeps the next deadline the timer must act on: at risk, then breach; none while paused or once both are flagged', () => {
    let row = evolveDisputeSlaRow(undefined, recorded(opened)) as DisputeSlaRow;
    expect(row).toMatchObject({ status: 'open', dueAt: '2026-11-26T09:00:00.000Z', atRiskAt: '2026-11-25T21:00:00.000Z', nextDeadline: '2026-11-25T21:00:00.000Z' });
    row = evolveDisputeSlaRow(row, recorded({ type: 'DisputeAwaitingCustomer', data: { disputeId: 'D-1', at: '2026-11-24T09:00:00.000Z', usedMs: 24 * 3_600_000 } })) as DisputeSlaRow;
    expect(row).toMatchObject({ status: 'awaiting_customer', usedMs: String(24 * 3_600_000), runningSince: null, dueAt: null, nextDeadline: null });
    row = evolveDisputeSlaRow(row, recorded({ type: 'DisputeCustomerAnswered', data: { disputeId: 'D-1', at: '2026-11-25T09:00:00.000Z', usedMs: 24 * 3_600_000, dueBy: '2026-11-27T09:00:00.000Z' } })) as DisputeSlaRow;
    expect(row).toMatchObject({ status: 'open', dueAt: '2026-11-27T09:00:00.000Z', nextDeadline: '2026-11-26T21:00:00.000Z' });
    const atRisk: DisputeEvent = { type: 'DisputeSlaAtRisk', data: { disputeId: 'D-1', accountId: 'ACME', ownerId: 'ann', escalatedTo: 'max', at: '2026-11-26T21:00:00.000Z', remainingMinutes: 720, dueBy: '2026-11-27T09:00:00.000Z' } };
    row = evolveDisputeSlaRow(row, recorded(atRisk)) as DisputeSlaRow;
    expect(row.nextDeadline).toBe('2026-11-27T09:00:00.000Z');
    row = evolveDisputeSlaRow(row, recorded({ type: 'DisputeSlaBreached', data: { disputeId: 'D-1', accountId: 'ACME', ownerId: 'ann', escalatedTo: 'max', at: '2026-11-27T09:00:00.000Z', dueBy: '2026-11-27T09:00:00.000Z' } })) as DisputeSlaRow;
    expect(row).toMatchObject({ breached: true, nextDeadline: null });
  });

  it('fills the resolved row at resolution and empties it on a reopening', () => {
    let row = evolveResolvedRow(undefined, recorded(opened))!;
    expect(row.resolvedAt).toBe('');
    const resolved: DisputeEvent = {
      type: 'DisputeResolved',
      data: { disputeId: 'D-1', accountId: 'ACME', invoiceId: 'INV-1', resolution: 1, outcome: 'rejected', currency: 'EUR', rootCause: 'x', resolvedBy: 'user:ann', resolvedAt: '2026-11-24T09:00:00.000Z', usedMs: 86_400_000, withinSla: true },
    };
    row = evolveResolvedRow(row, recorded(resolved))!;
    expect(row).toMatchObject({ cause: 'price', month: '2026-11', usedMs: '86400000', withinSla: true });
    row = evolveResolvedRow(row, recorded({ type: 'DisputeReopened', data: { disputeId: 'D-1', accountId: 'ACME', invoiceId: 'INV-1', amountMinor: 40_00, currency: 'EUR', reason: 'r', reopenedBy: 'user:ann', reopenedAt: '2026-11-25T09:00:00.000Z', usedMs: 86_400_000, dueBy: '2026-11-27T09:00:00.000Z' } }))!;
    expect(row.resolvedAt).toBe('');
  });

  it('publishes DisputeOpened keyed by the account with the owner; pauses stay internal', () => {
    expect(translateDisputeEvent(recorded(opened))).toMatchObject({ type: 'DisputeOpened', key: 'ACME', context: 'disputes', data: { ownerId: 'ann', amountMinor: 40_00, dueBy: '2026-11-26T09:00:00.000Z' } });
    expect(translateDisputeEvent(recorded({ type: 'DisputeAwaitingCustomer', data: { disputeId: 'D-1', at: '2026-11-24T09:00:00.000Z', usedMs: 1 } }))).toBeUndefined();
  });
});
