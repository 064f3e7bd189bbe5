import { Inject, Injectable } from '@nestjs/common';
import { DomainException, domainError, readModelEntity } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import { claimsProjection, type ClaimRow } from './claims.projection';

export interface ClaimView {
  claimId: string;
  accountId: string;
  agencyId: string;
  ruleId: string;
  reason: string;
  status: string;
  agencyStatus: string | null;
  closed: boolean;
  invoices: { invoiceId: string; dueOn: string; openAmountMinor: number }[];
  currency: string;
  totalMinor: number;
  recoveredMinor: number;
  commissionMinor: number;
  recoveries: number;
  placedOn: string;
  sentVia: string | null;
  recallReason: string | null;
  recalledOn: string | null;
}

export interface ClaimStats {
  group: string;
  currency: string;
  claimsPlaced: number;
  placedMinor: number;
  recoveredMinor: number;
  commissionMinor: number;
  recalled: number;
  /** recalled / placed, 4 decimals (a ratio, not money). */
  recallRate: number;
  /** recovered / placed amounts, 4 decimals. */
  recoveryRate: number;
}

const view = (row: ClaimRow): ClaimView => ({
  claimId: row.claimId,
  accountId: row.accountId,
  agencyId: row.agencyId,
  ruleId: row.ruleId,
  reason: row.reason,
  status: row.status,
  agencyStatus: row.agencyStatus,
  closed: row.closed,
  invoices: row.invoices,
  currency: row.currency,
  totalMinor: Number(row.totalMinor),
  recoveredMinor: Number(row.recoveredMinor),
  commissionMinor: Number(row.commissionMinor),
  recoveries: row.recoveries,
  placedOn: row.placedOn,
  sentVia: row.sentVia,
  recallReason: row.recallReason,
  recalledOn: row.recalledOn,
});

const ratio = (part: bigint, whole: bigint): number => (whole === 0n ? 0 : Number((part * 10_000n + whole / 2n) / whole) / 10_000);

/** Reads on the `agency_claims` read model (eventually consistent with the claim streams). */
@Injectable()
export class ClaimsQueries {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource) {}

  private get claims() {
    return this.dataSource.getRepository(readModelEntity(claimsProjection));
  }

  async get(claimId: string): Promise<ClaimView> {
    const row = await this.claims.findOneBy({ claimId });
    if (!row) throw new DomainException(domainError('not_found', 'agency.claim_unknown', `claim "${claimId}" does not exist (or is not in the views yet)`, { field: 'claimId' }));
    return view(row);
  }

  async list(filter: { agencyId?: string; status?: string; accountId?: string }): Promise<ClaimView[]> {
    const query = this.claims.createQueryBuilder('c').orderBy('c.placed_on', 'DESC').addOrderBy('c.claim_id').limit(1000);
    if (filter.agencyId) query.andWhere('c.agency_id = :agencyId', { agencyId: filter.agencyId });
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.accountId) query.andWhere('c.account_id = :accountId', { accountId: filter.accountId });
    return (await query.getMany()).map(view);
  }

  /** Claims placed in [from, to] (placement day), grouped by agency, by month of placement, or by both (`<agencyId>/<YYYY-MM>`), per currency. */
  async stats(from: string, to: string, groupBy: 'agency' | 'month' | 'agency_month'): Promise<ClaimStats[]> {
    const month = `to_char(placed_on, 'YYYY-MM')`;
    const group = groupBy === 'agency' ? 'agency_id' : groupBy === 'month' ? month : `agency_id || '/' || ${month}`;
    const rows: { grp: string; currency: string; placed: string; placed_minor: string; recovered_minor: string; commission_minor: string; recalled: string }[] = await this.dataSource.query(
      `SELECT ${group} AS grp, currency, count(*)::text AS placed, sum(total_minor)::text AS placed_minor,
              sum(recovered_minor)::text AS recovered_minor, sum(commission_minor)::text AS commission_minor,
              count(*) FILTER (WHERE status = 'recalled')::text AS recalled
         FROM o2c_read.${claimsProjection.table}
        WHERE placed_on BETWEEN $1 AND $2
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to],
    );
    return rows.map((r) => ({
      group: r.grp,
      currency: r.currency,
      claimsPlaced: Number(r.placed),
      placedMinor: Number(r.placed_minor),
      recoveredMinor: Number(r.recovered_minor),
      commissionMinor: Number(r.commission_minor),
      recalled: Number(r.recalled),
      recallRate: ratio(BigInt(r.recalled), BigInt(r.placed)),
      recoveryRate: ratio(BigInt(r.recovered_minor), BigInt(r.placed_minor)),
    }));
  }
}
