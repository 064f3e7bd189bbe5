import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RecordedEvent } from '@o2c/event-store';
import { DomainException, domainError } from '@o2c/kernel';
import type { DisputeState } from '../dispute/state';
import { dueAt, remainingAt, usedAt } from '../sla/sla-clock';

export class DisputeClockView {
  @ApiProperty({ description: 'SLA minutes used (pauses excluded)' })
  elapsedMinutes!: number;
  @ApiProperty({ description: 'SLA minutes left (negative once breached)' })
  remainingMinutes!: number;
  @ApiProperty({ description: 'waiting on the customer, or resolved' })
  paused!: boolean;
  @ApiPropertyOptional({ description: 'when the SLA runs out if the clock keeps running; null while paused', nullable: true, type: String })
  dueAt!: string | null;
  @ApiProperty({ enum: ['calendar', 'business'] })
  mode!: string;
  @ApiProperty()
  targetHours!: number;
}

export class DisputeHistoryEntry {
  @ApiProperty()
  type!: string;
  @ApiProperty()
  occurredAt!: string;
  @ApiProperty()
  actor!: string;
  @ApiProperty()
  position!: string;
  @ApiProperty({ type: Object })
  data!: unknown;
}

export class DisputeView {
  @ApiProperty()
  disputeId!: string;
  @ApiProperty({ enum: ['open', 'awaiting_customer', 'resolved'] })
  status!: string;
  @ApiProperty()
  accountId!: string;
  @ApiProperty()
  invoiceId!: string;
  @ApiProperty()
  amountMinor!: number;
  @ApiProperty()
  currency!: string;
  @ApiProperty()
  cause!: string;
  @ApiProperty()
  ownerId!: string;
  @ApiProperty()
  managerId!: string;
  @ApiProperty()
  team!: string;
  @ApiProperty()
  openedAt!: string;
  @ApiProperty()
  openedBy!: string;
  @ApiProperty({ enum: ['customer', 'worklist'], nullable: true, type: String, description: 'customer: raised through the API; worklist: opened by a collector from a worklist row; null: opened before the origin was recorded' })
  origin!: string | null;
  @ApiPropertyOptional()
  outcome?: string;
  @ApiPropertyOptional()
  rootCause?: string;
  @ApiPropertyOptional({ description: 'credit_note: the credit invoicing issues' })
  creditAmountMinor?: number;
  @ApiPropertyOptional({ description: 'corrected_invoice: the corrected total; invoicing issues it as <invoiceId>-C<resolution>' })
  correctedTotalMinor?: number;
  @ApiProperty()
  atRisk!: boolean;
  @ApiProperty()
  breached!: boolean;
  @ApiProperty({ type: DisputeClockView })
  clock!: DisputeClockView;
  @ApiProperty({ type: [DisputeHistoryEntry] })
  history!: DisputeHistoryEntry[];
}

const STATUS = { Open: 'open', AwaitingCustomer: 'awaiting_customer', Resolved: 'resolved' } as const;

/** A dispute as its stream says now (no lag), with its SLA clock at `now`. */
export function disputeView(disputeId: string, state: DisputeState, history: readonly RecordedEvent[], now: Date): DisputeView {
  if (state.status === 'Empty') throw new DomainException(domainError('not_found', 'disputes.dispute_unknown', `dispute "${disputeId}" does not exist`, { field: 'disputeId' }));
  const at = now.toISOString();
  return {
    disputeId: state.disputeId,
    status: STATUS[state.status],
    accountId: state.accountId,
    invoiceId: state.invoiceId,
    amountMinor: state.amountMinor,
    currency: state.currency,
    cause: state.cause,
    ownerId: state.owner.ownerId,
    managerId: state.owner.managerId,
    team: state.owner.team,
    openedAt: state.openedAt,
    openedBy: state.openedBy,
    origin: state.origin,
    ...(state.status === 'Resolved'
      ? {
          outcome: state.outcome,
          rootCause: state.rootCause,
          ...(state.creditAmountMinor !== undefined ? { creditAmountMinor: state.creditAmountMinor } : {}),
          ...(state.correctedTotalMinor !== undefined ? { correctedTotalMinor: state.correctedTotalMinor } : {}),
        }
      : {}),
    atRisk: state.atRiskFlagged,
    breached: state.breachFlagged,
    clock: {
      elapsedMinutes: Math.floor(usedAt(state.clock, at, state.sla) / 60_000),
      remainingMinutes: Math.floor(remainingAt(state.clock, at, state.sla) / 60_000),
      paused: state.clock.runningSince === null,
      dueAt: dueAt(state.clock, state.sla),
      mode: state.sla.mode,
      targetHours: state.sla.targetHours,
    },
    history: history.map((e) => ({ type: e.type, occurredAt: e.metadata.occurredAt, actor: e.metadata.actor, position: e.position.toString(), data: e.data })),
  };
}
