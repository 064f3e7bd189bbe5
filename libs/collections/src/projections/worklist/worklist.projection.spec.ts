import type { RecordedEvent } from '@o2c/event-store';
import { evolveWorklistRow, type WorklistRow } from './worklist.projection';

let position = 0n;
const recorded = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: `id-${++position}`,
  type,
  schemaVersion: 1,
  data: { accountId: 'A', ...data },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'a', occurredAt: '2026-03-01T09:00:00Z' },
  streamName: 'collectionCase-A',
  revision: position,
  position,
  recordedAt: new Date(0),
});

const fold = (events: RecordedEvent[]): WorklistRow | undefined =>
  events.reduce<WorklistRow | undefined>((row, e) => {
    const next = evolveWorklistRow(row, e);
    return next === undefined ? row : next;
  }, undefined);

describe('worklist row', () => {
  it('given a scored account with a collector, a broken promise, a dispute and a contact, then the row carries the score, its parts and every reason', () => {
    const row = fold([
      recorded('AccountProfileLearned', { legalName: 'Acme', segment: 'standard' }),
      recorded('CollectorAssigned', { collectorId: 'col-1', team: 'collections', by: 'rule' }),
      recorded('RiskClassLearned', { riskClass: 'high' }),
      recorded('PromiseToPayBroken', { promiseId: 'P' }),
      recorded('HoldPlaced', { holdId: 'dispute:D-7:m1', kind: 'dispute', scope: 'amount', invoiceIds: ['INV-1'], amountMinor: 300_00, placedBy: 'user:col-1', source: 'dispute:D-7' }),
      recorded('HoldPlaced', { holdId: 'V1', kind: 'vip' }),
      recorded('ContactOutcomeRecorded', { outcome: 'no_answer', at: '2026-03-01T10:00:00Z' }),
      recorded('PriorityScored', { on: '2026-03-01', onWorklist: true, score: 99, parts: [{ part: 'days_late', input: 10, points: 20 }], amountAtStakeMinor: 5000, maxDaysLate: 10, nextAction: { channel: 'phone', on: '2026-03-01', why: 'task' } }),
    ]);
    expect(row).toMatchObject({ legalName: 'Acme', collectorId: 'col-1', riskClass: 'high', brokenPromises: 1, openDisputeHolds: ['dispute:D-7:m1'], lastContactOutcome: 'no_answer', onWorklist: true, score: 99, scoredOn: '2026-03-01', amountAtStakeMinor: '5000' });
    // The row shows the dispute and that it holds only the disputed amount of its invoice.
    expect(row?.disputes).toEqual([{ holdId: 'dispute:D-7:m1', disputeId: 'D-7', invoiceIds: ['INV-1'], heldMinor: 300_00, placedBy: 'user:col-1' }]);
  });

  it('a released dispute leaves the reasons; events that do not concern the row change nothing', () => {
    const row = fold([recorded('AccountProfileLearned', { legalName: 'Acme', segment: 'standard' }), recorded('HoldPlaced', { holdId: 'D1', kind: 'dispute' }), recorded('HoldReleased', { holdId: 'D1' })]);
    expect(row?.openDisputeHolds).toEqual([]);
    expect(row?.disputes).toEqual([]);
    expect(evolveWorklistRow(row, recorded('HoldReleased', { holdId: 'X' }))).toBeUndefined();
  });
});
