import type { RecordedEvent } from '@o2c/event-store';
import type { ProjectionDefinition } from '@o2c/kernel';
import { CLAIM_CATEGORY, type ClaimEvent, type ClaimedInvoice } from '../../claim/events';

/** One row per claim: the claim lists, the claim view and the per-agency / per-period statistics. Money columns are bigint. */
export interface ClaimRow {
  claimId: string;
  accountId: string;
  agencyId: string;
  ruleId: string;
  reason: string;
  /** `placed`, `sent`, the agency's last status, then `recovered`, `uncollectable` or `recalled` when closed. */
  status: string;
  agencyStatus: string | null;
  closed: boolean;
  invoices: ClaimedInvoice[];
  currency: string;
  totalMinor: string;
  recoveredMinor: string;
  commissionMinor: string;
  recoveries: number;
  placedOn: string;
  sentVia: string | null;
  recallReason: string | null;
  recalledOn: string | null;
  lastUpdateAt: string;
}

export function evolveClaimRow(row: ClaimRow | undefined, recorded: RecordedEvent): ClaimRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as ClaimEvent;
  const at = recorded.metadata.occurredAt;
  if (event.type === 'ClaimPlaced') {
    const d = event.data;
    return {
      claimId: d.claimId,
      accountId: d.accountId,
      agencyId: d.agencyId,
      ruleId: d.ruleId,
      reason: d.reason,
      status: 'placed',
      agencyStatus: null,
      closed: false,
      invoices: [...d.invoices],
      currency: d.currency,
      totalMinor: String(d.totalMinor),
      recoveredMinor: '0',
      commissionMinor: '0',
      recoveries: 0,
      placedOn: d.placedOn,
      sentVia: null,
      recallReason: null,
      recalledOn: null,
      lastUpdateAt: at,
    };
  }
  if (!row) return undefined;
  switch (event.type) {
    case 'ClaimFileSent':
      return { ...row, sentVia: event.data.via, status: row.status === 'placed' ? 'sent' : row.status, lastUpdateAt: at };
    case 'ClaimStatusReported':
      return { ...row, agencyStatus: event.data.status, status: row.closed ? row.status : event.data.status, lastUpdateAt: at };
    case 'AgencyRecoveryReported':
      return {
        ...row,
        recoveredMinor: String(BigInt(row.recoveredMinor) + BigInt(event.data.amountMinor)),
        commissionMinor: String(BigInt(row.commissionMinor) + BigInt(event.data.commissionMinor)),
        recoveries: row.recoveries + 1,
        lastUpdateAt: at,
      };
    case 'ClaimRecalled':
      return { ...row, recallReason: event.data.reason, recalledOn: event.data.recalledOn, lastUpdateAt: at };
    case 'ClaimClosed':
      return { ...row, closed: true, status: event.data.outcome, lastUpdateAt: at };
    case 'ClaimRecallSent':
      return undefined;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const claimsProjection: ProjectionDefinition<ClaimRow> = {
  name: 'agency.claims',
  version: 1,
  table: 'agency_claims',
  columns: {
    claimId: { type: 'varchar', name: 'claim_id' },
    accountId: { type: 'varchar', name: 'account_id' },
    agencyId: { type: 'varchar', name: 'agency_id' },
    ruleId: { type: 'varchar', name: 'rule_id' },
    reason: { type: 'varchar' },
    status: { type: 'varchar' },
    agencyStatus: { type: 'varchar', name: 'agency_status', nullable: true },
    closed: { type: 'boolean' },
    invoices: { type: 'jsonb' },
    currency: { type: 'varchar', length: 3 },
    totalMinor: { type: 'bigint', name: 'total_minor' },
    recoveredMinor: { type: 'bigint', name: 'recovered_minor' },
    commissionMinor: { type: 'bigint', name: 'commission_minor' },
    recoveries: { type: 'int' },
    placedOn: { type: 'date', name: 'placed_on' },
    sentVia: { type: 'varchar', name: 'sent_via', nullable: true },
    recallReason: { type: 'varchar', name: 'recall_reason', nullable: true },
    recalledOn: { type: 'date', name: 'recalled_on', nullable: true },
    lastUpdateAt: { type: 'varchar', name: 'last_update_at' },
  },
  indices: [
    { name: 'by_agency', columns: ['agencyId', 'placedOn'] },
    { name: 'by_placed', columns: ['placedOn'] },
  ],
  filter: { streamNamePrefixes: [`${CLAIM_CATEGORY}-`] },
  keysOf: (event) => [(event.data as { claimId: string }).claimId],
  evolve: (row, event) => evolveClaimRow(row, event),
};
