import type { RecordedEvent } from '@o2c/event-store';
import { evolveClaimRow, type ClaimRow } from './claims.projection';

let position = 0n;
const recorded = (type: string, data: Record<string, unknown>): RecordedEvent =>
  ({ id: `e${++position}`, type, data, schemaVersion: 1, streamName: 'claim-ACME-1', revision: position, position, metadata: { occurredAt: '2026-12-05T10:00:00Z' } }) as unknown as RecordedEvent;
const ids = { claimId: 'ACME-1', accountId: 'ACME', agencyId: 'intrum' };

describe('claims read model (evolve)', () => {
  it('follows a claim from placement to recall, summing recoveries and commission exactly', () => {
    const events = [
      recorded('ClaimPlaced', { ...ids, ruleId: 'insurer-35d', reason: 'rule', invoices: [{ invoiceId: 'INV-1', dueOn: '2026-10-31', openAmountMinor: 1_000_00 }], totalMinor: 1_000_00, currency: 'EUR', commissionRateBp: 1800, placedOn: '2026-12-05', placedBy: 'system' }),
      recorded('ClaimFileSent', { claimId: 'ACME-1', via: 'http', reference: '202' }),
      recorded('ClaimStatusReported', { ...ids, status: 'acknowledged', at: '2026-12-05T11:00:00Z' }),
      recorded('AgencyRecoveryReported', { ...ids, recoveryId: 'R1', invoiceId: 'INV-1', amountMinor: 300_00, commissionMinor: 54_00, currency: 'EUR', recoveredOn: '2026-12-06' }),
      recorded('AgencyRecoveryReported', { ...ids, recoveryId: 'R2', invoiceId: 'INV-1', amountMinor: 100_01, commissionMinor: 18_00, currency: 'EUR', recoveredOn: '2026-12-07' }),
      recorded('ClaimStatusReported', { ...ids, status: 'partial_recovery', at: '2026-12-07T11:00:00Z' }),
      recorded('ClaimRecalled', { ...ids, reason: 'dispute_opened', recalledBy: 'system', recalledOn: '2026-12-08' }),
      recorded('ClaimClosed', { ...ids, outcome: 'recalled' }),
      recorded('ClaimRecallSent', { claimId: 'ACME-1', via: 'http', reference: '200' }),
    ];
    const statuses: string[] = [];
    let row: ClaimRow | undefined;
    for (const event of events) {
      const next = evolveClaimRow(row, event);
      if (next) row = next;
      statuses.push(row!.status);
    }
    expect(statuses).toEqual(['placed', 'sent', 'acknowledged', 'acknowledged', 'acknowledged', 'partial_recovery', 'partial_recovery', 'recalled', 'recalled']);
    expect(row).toMatchObject({ closed: true, recoveredMinor: '40001', commissionMinor: '7200', recoveries: 2, recallReason: 'dispute_opened', recalledOn: '2026-12-08', agencyStatus: 'partial_recovery', sentVia: 'http' });
  });

  it('a late agency status after closing keeps the closed status', () => {
    const placed = evolveClaimRow(undefined, recorded('ClaimPlaced', { ...ids, ruleId: 'manual', reason: 'r', invoices: [], totalMinor: 1, currency: 'EUR', commissionRateBp: 0, placedOn: '2026-12-05', placedBy: 'u' }))!;
    const closed = evolveClaimRow(placed, recorded('ClaimClosed', { ...ids, outcome: 'uncollectable' }))!;
    expect(evolveClaimRow(closed, recorded('ClaimStatusReported', { ...ids, status: 'legal_action', at: 'x' }))).toMatchObject({ status: 'uncollectable', agencyStatus: 'legal_action' });
  });
});
