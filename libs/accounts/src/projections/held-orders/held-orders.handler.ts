import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_SCHEMA } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import { accountsSummaryProjection } from '../accounts-summary/accounts-summary.projection';
import type { HeldOrdersPage, HeldOrdersSort } from './held-orders.dto';
import { heldOrdersProjection } from './held-orders.projection';
import { ListHeldOrdersQuery } from './held-orders.query';

const ORDER_BY: Record<HeldOrdersSort, string> = {
  oldest: 'h.held_at ASC, h.key ASC',
  largest: 'h.amount_minor DESC, h.key ASC',
  most_over_limit: 'h.over_limit_minor DESC, h.key ASC',
};

const num = (value: unknown): number => Number(value);
const optionalNum = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value));

/** The credit managers' queue from the held_orders read model, with each account's name, segment, risk class and current figures. */
@QueryHandler(ListHeldOrdersQuery)
export class ListHeldOrdersHandler implements IQueryHandler<ListHeldOrdersQuery> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(q: ListHeldOrdersQuery): Promise<HeldOrdersPage> {
    const held = `${READ_SCHEMA}.${heldOrdersProjection.table}`;
    const summary = `${READ_SCHEMA}.${accountsSummaryProjection.table}`;
    const where = q.accountId === undefined ? '' : 'WHERE h.account_id = $3';
    const params: unknown[] = [q.limit, q.offset, ...(q.accountId === undefined ? [] : [q.accountId])];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT h.*, s.legal_name, s.segment, s.risk_class, s.credit_limit_minor AS limit_now, s.exposure_minor AS exposure_now, count(*) OVER () AS total
         FROM ${held} h LEFT JOIN ${summary} s ON s.key = h.account_id
         ${where} ORDER BY ${ORDER_BY[q.sort]} LIMIT $1 OFFSET $2`,
      params,
    );
    return {
      total: rows.length ? num(rows[0].total) : q.offset === 0 ? 0 : await this.count(held, q.accountId),
      heldOrders: rows.map((r) => ({
        accountId: String(r.account_id),
        orderId: String(r.order_id),
        ...(r.legal_name == null ? {} : { legalName: String(r.legal_name), segment: String(r.segment), riskClass: String(r.risk_class) }),
        amountMinor: num(r.amount_minor),
        currency: String(r.currency),
        holdReason: String(r.hold_reason),
        exposureSeen: {
          receivablesMinor: num(r.receivables_minor),
          uninvoicedOrdersMinor: num(r.uninvoiced_orders_minor),
          orderMinor: num(r.amount_minor),
          totalMinor: num(r.exposure_minor),
        },
        creditLimitSeenMinor: num(r.credit_limit_minor),
        overLimitMinor: num(r.over_limit_minor),
        ...(optionalNum(r.limit_now) === undefined ? {} : { creditLimitNowMinor: optionalNum(r.limit_now), exposureNowMinor: optionalNum(r.exposure_now) }),
        placedAt: String(r.placed_at),
        heldAt: String(r.held_at),
      })),
    };
  }

  private async count(held: string, accountId: string | undefined): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*) AS n FROM ${held} h ${accountId === undefined ? '' : 'WHERE h.account_id = $1'}`, accountId === undefined ? [] : [accountId]);
    return num(row.n);
  }
}
