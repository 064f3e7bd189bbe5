import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { readModelEntity } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource, FindOptionsOrder } from 'typeorm';
import type { AccountsPage, AccountsSort } from './accounts-summary.dto';
import { accountsSummaryProjection, type AccountSummaryRow } from './accounts-summary.projection';
import { ListAccountsQuery } from './accounts-summary.query';

const ORDER: Record<AccountsSort, FindOptionsOrder<AccountSummaryRow>> = {
  account_id: { accountId: 'ASC' },
  exposure: { exposureMinor: 'DESC', accountId: 'ASC' },
  held: { heldCount: 'DESC', accountId: 'ASC' },
};

/** The portfolio of accounts from the accounts_summary read model. */
@QueryHandler(ListAccountsQuery)
export class ListAccountsHandler implements IQueryHandler<ListAccountsQuery> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(q: ListAccountsQuery): Promise<AccountsPage> {
    const where = Object.fromEntries(Object.entries(q.filter).filter(([, v]) => v !== undefined));
    const [rows, total] = await this.dataSource
      .getRepository(readModelEntity(accountsSummaryProjection))
      .findAndCount({ where, order: ORDER[q.sort] as never, take: q.limit, skip: q.offset });
    return {
      total,
      accounts: rows.map((r) => ({
        accountId: r.accountId,
        legalName: r.legalName,
        kind: r.kind,
        segment: r.segment,
        currency: r.currency,
        creditLimitMinor: Number(r.creditLimitMinor),
        receivablesMinor: Number(r.receivablesMinor),
        uninvoicedOrdersMinor: Number(r.uninvoicedOrdersMinor),
        exposureMinor: Number(r.exposureMinor),
        riskClass: r.riskClass,
        heldCount: r.heldCount,
        openedAt: r.openedAt,
      })),
    };
  }
}
