import type { RecordedEvent } from '@o2c/event-store';
import type { ProjectionDefinition } from '@o2c/kernel';
import { DISPUTE_CATEGORY, type DisputeEvent } from '../../dispute/events';

/**
 * One row per dispute, filled at its latest resolution: the table the SLA
 * statistics are computed from. A reopening removes the row until the
 * dispute is resolved again, with the SLA time used over its whole life.
 */
export interface ResolvedDisputeRow {
  disputeId: string;
  cause: string;
  /** customer (API), worklist (a collector), or 'unrecorded' (opened before the origin was recorded). */
  origin: string;
  ownerId: string;
  team: string;
  openedAt: string;
  resolvedAt: string;
  /** YYYY-MM of the resolution (UTC). */
  month: string;
  outcome: string;
  usedMs: string;
  withinSla: boolean;
}

/** A dispute not (or no longer) resolved keeps its row with an empty `resolvedAt`, so its cause and owner are at hand when it is resolved; statistics read resolved rows only. */
export function evolveResolvedRow(row: ResolvedDisputeRow | undefined, recorded: RecordedEvent): ResolvedDisputeRow | null | undefined {
  const event = { type: recorded.type, data: recorded.data } as DisputeEvent;
  switch (event.type) {
    case 'DisputeOpened': {
      const d = event.data;
      return { disputeId: d.disputeId, cause: d.cause, origin: d.origin ?? 'unrecorded', ownerId: d.owner.ownerId, team: d.owner.team, openedAt: d.openedAt, resolvedAt: '', month: '', outcome: '', usedMs: '0', withinSla: false };
    }
    case 'DisputeOwnerAssigned':
      return row ? { ...row, ownerId: event.data.owner.ownerId, team: event.data.owner.team } : undefined;
    case 'DisputeResolved': {
      if (!row) return undefined;
      const d = event.data;
      return { ...row, resolvedAt: d.resolvedAt, month: d.resolvedAt.slice(0, 7), outcome: d.outcome, usedMs: String(d.usedMs), withinSla: d.withinSla };
    }
    case 'DisputeReopened':
      return row ? { ...row, resolvedAt: '', month: '', outcome: '' } : undefined;
    default:
      return undefined;
  }
}

export const resolvedDisputesProjection: ProjectionDefinition<ResolvedDisputeRow> = {
  name: 'disputes.resolved',
  version: 2,
  table: 'disputes_resolved',
  columns: {
    disputeId: { type: 'varchar', name: 'dispute_id' },
    cause: { type: 'varchar' },
    origin: { type: 'varchar' },
    ownerId: { type: 'varchar', name: 'owner_id' },
    team: { type: 'varchar' },
    openedAt: { type: 'varchar', name: 'opened_at' },
    resolvedAt: { type: 'varchar', name: 'resolved_at' },
    month: { type: 'varchar' },
    outcome: { type: 'varchar' },
    usedMs: { type: 'bigint', name: 'used_ms' },
    withinSla: { type: 'boolean', name: 'within_sla' },
  },
  indices: [{ name: 'by_resolved_at', columns: ['resolvedAt'] }],
  filter: { streamNamePrefixes: [`${DISPUTE_CATEGORY}-`] },
  keysOf: (event) => [(event.data as { disputeId: string }).disputeId],
  evolve: (row, event) => evolveResolvedRow(row, event),
};
