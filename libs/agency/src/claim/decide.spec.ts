import { deciderSpec } from '@o2c/kernel/testing';
import { claimDecider } from './claim.decider';
import { commissionOf } from './decide';
import type { ClaimEvent, ClaimEventOf } from './events';

const spec = deciderSpec(claimDecider);
const claim: ClaimEventOf<'ClaimPlaced'>['data'] = {
  claimId: 'ACME-1',
  accountId: 'ACME',
  agencyId: 'intrum',
  ruleId: 'insurer-35d',
  reason: 'rule insurer-35d',
  invoices: [
    { invoiceId: 'INV-1', dueOn: '2026-10-01', openAmountMinor: 500_00 },
    { invoiceId: 'INV-2', dueOn: '2026-10-02', openAmountMinor: 100_00 },
  ],
  totalMinor: 600_00,
  currency: 'EUR',
  commissionRateBp: 1800,
  placedOn: '2026-11-05',
  placedBy: 'system:agency.evaluation',
};
const placed: ClaimEvent = { type: 'ClaimPlaced', data: claim };
const ids = { claimId: 'ACME-1', accountId: 'ACME', agencyId: 'intrum' };
const recovery = (recoveryId: string, invoiceId: string, amountMinor: number, commissionMinor: number): ClaimEvent => ({
  type: 'AgencyRecoveryReported',
  data: { ...ids, recoveryId, invoiceId, amountMinor, commissionMinor, currency: 'EUR', recoveredOn: '2026-11-20' },
});
const recover = (recoveryId: string, invoiceId: string, amountMinor: number) => ({ type: 'ReportRecovery' as const, claimId: 'ACME-1', recoveryId, invoiceId, amountMinor, recoveredOn: '2026-11-20' });

describe('claim decider', () => {
  it('places once: a repeated placement adds nothing', () => {
    spec.given([]).when({ type: 'PlaceClaim', claim }).then([placed]);
    spec.given([placed]).when({ type: 'PlaceClaim', claim }).then([]);
  });

  it('a recovery books the commission at the agency rate, half up; repeated with the same id: nothing', () => {
    expect(commissionOf(200_00, 1800)).toBe(36_00);
    expect(commissionOf(3, 1500)).toBe(0); // 0.45 -> 0
    expect(commissionOf(5, 1000)).toBe(1); // 0.5 -> 1
    spec.given([placed]).when(recover('R-1', 'INV-1', 200_00)).then([recovery('R-1', 'INV-1', 200_00, 36_00)]);
    spec.given([placed, recovery('R-1', 'INV-1', 200_00, 36_00)]).when(recover('R-1', 'INV-1', 200_00)).then([]);
    spec.given([placed, recovery('R-1', 'INV-1', 200_00, 36_00)]).when(recover('R-1', 'INV-1', 300_00)).thenFails('agency.recovery_id_taken', 'recoveryId');
  });

  it('refuses a recovery on an invoice outside the claim, or above what is still claimed on it', () => {
    spec.given([placed]).when(recover('R-1', 'INV-9', 10_00)).thenFails('agency.invoice_not_claimed', 'invoiceId');
    spec.given([placed, recovery('R-1', 'INV-2', 60_00, 10_80)]).when(recover('R-2', 'INV-2', 40_01)).thenFails('agency.recovery_exceeds_claim', 'amountMinor');
    spec.given([placed, recovery('R-1', 'INV-2', 60_00, 10_80)]).when(recover('R-2', 'INV-2', 40_00)).then([recovery('R-2', 'INV-2', 40_00, 7_20)]);
    spec.given([]).when(recover('R-1', 'INV-1', 10_00)).thenFails('agency.claim_unknown', 'claimId');
  });

  it('status updates become events; recovered and uncollectable close the claim', () => {
    const status = (s: 'acknowledged' | 'recovered' | 'uncollectable') => ({ type: 'ReportStatus' as const, claimId: 'ACME-1', status: s, at: '2026-11-06T10:00:00Z' });
    spec.given([placed]).when(status('acknowledged')).then([{ type: 'ClaimStatusReported', data: { ...ids, status: 'acknowledged', at: '2026-11-06T10:00:00Z' } }]);
    spec.given([placed]).when(status('uncollectable')).then([
      { type: 'ClaimStatusReported', data: { ...ids, status: 'uncollectable', at: '2026-11-06T10:00:00Z' } },
      { type: 'ClaimClosed', data: { ...ids, outcome: 'uncollectable' } },
    ]);
    spec.given([placed, { type: 'ClaimClosed', data: { ...ids, outcome: 'recovered' } }]).when(status('acknowledged')).thenFails('agency.claim_closed', 'claimId');
  });

  it('a recall withdraws and closes the claim; a second recall is a no-op; no recovery after it', () => {
    const recall = { type: 'Recall' as const, claimId: 'ACME-1', reason: 'dispute_opened' as const, recalledBy: 'system:agency.recall', on: '2026-11-05' };
    const recalled: ClaimEvent[] = [
      { type: 'ClaimRecalled', data: { ...ids, reason: 'dispute_opened', recalledBy: 'system:agency.recall', recalledOn: '2026-11-05' } },
      { type: 'ClaimClosed', data: { ...ids, outcome: 'recalled' } },
    ];
    spec.given([placed]).when(recall).then(recalled);
    spec.given([placed, ...recalled]).when(recall).then([]);
    spec.given([placed, ...recalled]).when(recover('R-1', 'INV-1', 10_00)).thenFails('agency.claim_closed', 'claimId');
    spec.given([placed, { type: 'ClaimClosed', data: { ...ids, outcome: 'recovered' } }]).when(recall).thenFails('agency.claim_closed', 'claimId');
  });
});
