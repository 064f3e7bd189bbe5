import type { RecordedEvent } from '@o2c/event-store';
import type { ProjectionDefinition } from '@o2c/kernel';
import { DISPUTE_CATEGORY, type DisputeEvent } from '../../dispute/events';
import { atRiskAt, dueAt, type SlaClock, type SlaPolicy } from '../../sla/sla-clock';

export type DisputeSlaStatus = 'open' | 'awaiting_customer' | 'resolved';

/**
 * One row per dispute: its owner, team, SLA clock and next deadline. The open
 * disputes' view and the SLA timer read it. Instants are ISO strings (UTC,
 * fixed width, so they sort as text); SLA time in ms (bigint: strings through TypeORM).
 */
export interface DisputeSlaRow {
  disputeId: string;
  accountId: string;
  invoiceId: string;
  cause: string;
  /** customer (API) or worklist (a collector); null: opened before the origin was recorded. */
  origin: string | null;
  ownerId: string;
  managerId: string;
  team: string;
  amountMinor: string;
  currency: string;
  status: DisputeSlaStatus;
  openedAt: string;
  usedMs: string;
  runningSince: string | null;
  dueAt: string | null;
  atRiskAt: string | null;
  atRiskFlagged: boolean;
  breached: boolean;
  /** The next instant the timer must act on: at risk, then breach; null when paused, resolved or both flagged. */
  nextDeadline: string | null;
  sla: SlaPolicy;
  resolvedAt: string | null;
  outcome: string | null;
}

/** Derived deadlines of a row after its clock or flags changed. */
function withDeadlines(row: DisputeSlaRow, clock: SlaClock): DisputeSlaRow {
  const due = dueAt(clock, row.sla);
  const risk = atRiskAt(clock, row.sla);
  const next = !row.atRiskFlagged && !row.breached && risk !== null ? risk : !row.breached ? due : null;
  return { ...row, usedMs: String(clock.usedMs), runningSince: clock.runningSince, dueAt: due, atRiskAt: risk, nextDeadline: row.status === 'open' ? next : null };
}

const clockOf = (row: DisputeSlaRow): SlaClock => ({ usedMs: Number(row.usedMs), runningSince: row.runningSince });

export function evolveDisputeSlaRow(row: DisputeSlaRow | undefined, recorded: RecordedEvent): DisputeSlaRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as DisputeEvent;
  if (event.type === 'DisputeOpened') {
    const d = event.data;
    const fresh: DisputeSlaRow = {
      disputeId: d.disputeId,
      accountId: d.accountId,
      invoiceId: d.invoiceId,
      cause: d.cause,
      origin: d.origin ?? null,
      ownerId: d.owner.ownerId,
      managerId: d.owner.managerId,
      team: d.owner.team,
      amountMinor: String(d.amountMinor),
      currency: d.currency,
      status: 'open',
      openedAt: d.openedAt,
      usedMs: '0',
      runningSince: d.openedAt,
      dueAt: null,
      atRiskAt: null,
      atRiskFlagged: false,
      breached: false,
      nextDeadline: null,
      sla: d.sla,
      resolvedAt: null,
      outcome: null,
    };
    return withDeadlines(fresh, { usedMs: 0, runningSince: d.openedAt });
  }
  if (!row) return undefined;
  switch (event.type) {
    case 'DisputeAwaitingCustomer':
      return withDeadlines({ ...row, status: 'awaiting_customer' }, { usedMs: event.data.usedMs, runningSince: null });
    case 'DisputeCustomerAnswered':
      return withDeadlines({ ...row, status: 'open' }, { usedMs: event.data.usedMs, runningSince: event.data.at });
    case 'DisputeOwnerAssigned':
      return { ...row, ownerId: event.data.owner.ownerId, managerId: event.data.owner.managerId, team: event.data.owner.team };
    case 'DisputeSlaAtRisk':
      return withDeadlines({ ...row, atRiskFlagged: true }, clockOf(row));
    case 'DisputeSlaBreached':
      return withDeadlines({ ...row, atRiskFlagged: true, breached: true }, clockOf(row));
    case 'DisputeResolved':
      return withDeadlines({ ...row, status: 'resolved', resolvedAt: event.data.resolvedAt, outcome: event.data.outcome }, { usedMs: event.data.usedMs, runningSince: null });
    case 'DisputeReopened':
      return withDeadlines({ ...row, status: 'open', resolvedAt: null, outcome: null }, { usedMs: event.data.usedMs, runningSince: event.data.reopenedAt });
    default:
      return undefined;
  }
}

export const disputeSlaProjection: ProjectionDefinition<DisputeSlaRow> = {
  name: 'disputes.sla',
  version: 2,
  table: 'disputes_sla',
  columns: {
    disputeId: { type: 'varchar', name: 'dispute_id' },
    accountId: { type: 'varchar', name: 'account_id' },
    invoiceId: { type: 'varchar', name: 'invoice_id' },
    cause: { type: 'varchar' },
    origin: { type: 'varchar', nullable: true },
    ownerId: { type: 'varchar', name: 'owner_id' },
    managerId: { type: 'varchar', name: 'manager_id' },
    team: { type: 'varchar' },
    amountMinor: { type: 'bigint', name: 'amount_minor' },
    currency: { type: 'varchar', length: 3 },
    status: { type: 'varchar' },
    openedAt: { type: 'varchar', name: 'opened_at' },
    usedMs: { type: 'bigint', name: 'used_ms' },
    runningSince: { type: 'varchar', name: 'running_since', nullable: true },
    dueAt: { type: 'varchar', name: 'due_at', nullable: true },
    atRiskAt: { type: 'varchar', name: 'at_risk_at', nullable: true },
    atRiskFlagged: { type: 'boolean', name: 'at_risk_flagged' },
    breached: { type: 'boolean' },
    nextDeadline: { type: 'varchar', name: 'next_deadline', nullable: true },
    sla: { type: 'jsonb' },
    resolvedAt: { type: 'varchar', name: 'resolved_at', nullable: true },
    outcome: { type: 'varchar', nullable: true },
  },
  indices: [
    { name: 'by_next_deadline', columns: ['nextDeadline'] },
    { name: 'by_owner', columns: ['status', 'ownerId'] },
    { name: 'by_team', columns: ['status', 'team'] },
  ],
  filter: { streamNamePrefixes: [`${DISPUTE_CATEGORY}-`] },
  keysOf: (event) => [(event.data as { disputeId: string }).disputeId],
  evolve: (row, event) => evolveDisputeSlaRow(row, event),
};
