import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import { remainingAt, usedAt, type SlaPolicy } from '../../sla/sla-clock';

export type SlaStanding = 'on_track' | 'at_risk' | 'breached' | 'paused';
export const SLA_STANDINGS: readonly SlaStanding[] = ['on_track', 'at_risk', 'breached', 'paused'];

export interface OpenDisputeView {
  disputeId: string;
  accountId: string;
  invoiceId: string;
  cause: string;
  /** customer (API) or worklist (a collector); null: opened before the origin was recorded. */
  origin: string | null;
  ownerId: string;
  managerId: string;
  team: string;
  amountMinor: number;
  currency: string;
  openedAt: string;
  dueAt: string | null;
  usedMinutes: number;
  remainingMinutes: number;
  standing: SlaStanding;
  atRiskSignalled: boolean;
  breachSignalled: boolean;
  /** The `$all` position of the last event folded into the row (freshness). */
  lastPosition: string;
}

export type SlaSummaryGroupBy = 'owner' | 'manager' | 'team' | 'origin';
export const SLA_SUMMARY_GROUPINGS: readonly SlaSummaryGroupBy[] = ['owner', 'manager', 'team', 'origin'];

export interface SlaSummaryGroup extends Record<SlaStanding, number> {
  group: string;
  open: number;
  /** The least SLA time left among the group's open disputes (negative: overdue). */
  leastRemainingMinutes: number | null;
}

interface Row {
  key: string;
  last_position: string;
  dispute_id: string;
  account_id: string;
  invoice_id: string;
  cause: string;
  origin: string | null;
  owner_id: string;
  manager_id: string;
  team: string;
  amount_minor: string;
  currency: string;
  status: string;
  opened_at: string;
  used_ms: string;
  running_since: string | null;
  due_at: string | null;
  at_risk_flagged: boolean;
  breached: boolean;
  sla: SlaPolicy;
}

/** Open disputes with their time left at the clock's now, computed from the projected clock (no lag in the arithmetic, only in the rows). */
@Injectable()
export class SlaOpenQueries {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async open(filter: { ownerId?: string; managerId?: string; team?: string; origin?: string; standing?: SlaStanding }, at?: string): Promise<{ asOf: string; disputes: OpenDisputeView[] }> {
    // As of a past instant the rows are the view then (?asOf=), and the time left is counted then too.
    const now = at ? new Date(at).toISOString() : this.clock.now().toISOString();
    const where = [`status <> 'resolved'`];
    const params: string[] = [];
    if (filter.ownerId) where.push(`owner_id = $${params.push(filter.ownerId)}`);
    if (filter.managerId) where.push(`manager_id = $${params.push(filter.managerId)}`);
    if (filter.team) where.push(`team = $${params.push(filter.team)}`);
    if (filter.origin) where.push(`origin = $${params.push(filter.origin)}`);
    const rows: Row[] = await this.dataSource.query(`SELECT * FROM o2c_read.disputes_sla WHERE ${where.join(' AND ')} ORDER BY due_at NULLS LAST, dispute_id`, params);
    const disputes = rows.map((row) => this.view(row, now)).filter((d) => !filter.standing || d.standing === filter.standing);
    disputes.sort((a, b) => a.remainingMinutes - b.remainingMinutes || a.disputeId.localeCompare(b.disputeId));
    return { asOf: now, disputes };
  }

  /** Open disputes counted by standing, per owner, manager or team (the same rows and arithmetic as `open`). */
  async summary(groupBy: SlaSummaryGroupBy, at?: string): Promise<{ asOf: string; groupBy: SlaSummaryGroupBy; groups: SlaSummaryGroup[] }> {
    const { asOf, disputes } = await this.open({}, at);
    const key = (d: OpenDisputeView) => (groupBy === 'owner' ? d.ownerId : groupBy === 'manager' ? d.managerId : groupBy === 'origin' ? (d.origin ?? 'unrecorded') : d.team);
    const groups = new Map<string, SlaSummaryGroup>();
    for (const d of disputes) {
      const group = groups.get(key(d)) ?? { group: key(d), open: 0, on_track: 0, at_risk: 0, breached: 0, paused: 0, leastRemainingMinutes: null };
      group.open++;
      group[d.standing]++;
      group.leastRemainingMinutes = group.leastRemainingMinutes === null ? d.remainingMinutes : Math.min(group.leastRemainingMinutes, d.remainingMinutes);
      groups.set(group.group, group);
    }
    return { asOf, groupBy, groups: [...groups.values()].sort((a, b) => a.group.localeCompare(b.group)) };
  }

  private view(row: Row, now: string): OpenDisputeView {
    const clock = { usedMs: Number(row.used_ms), runningSince: row.running_since };
    const remaining = remainingAt(clock, now, row.sla);
    const standing: SlaStanding =
      row.breached || remaining <= 0 ? 'breached' : row.status === 'awaiting_customer' ? 'paused' : remaining <= row.sla.atRiskHours * 3_600_000 ? 'at_risk' : 'on_track';
    return {
      disputeId: row.dispute_id,
      accountId: row.account_id,
      invoiceId: row.invoice_id,
      cause: row.cause,
      origin: row.origin,
      ownerId: row.owner_id,
      managerId: row.manager_id,
      team: row.team,
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
      openedAt: row.opened_at,
      dueAt: row.due_at,
      usedMinutes: Math.floor(usedAt(clock, now, row.sla) / 60_000),
      remainingMinutes: Math.floor(remaining / 60_000),
      standing,
      atRiskSignalled: row.at_risk_flagged,
      breachSignalled: row.breached,
      lastPosition: row.last_position,
    };
  }
}
