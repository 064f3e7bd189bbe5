import { Query } from '@nestjs/cqrs';
import type { AccountKind, RiskClass, Segment } from '@o2c/contracts';
import type { AccountsPage, AccountsSort } from './accounts-summary.dto';

export class ListAccountsQuery extends Query<AccountsPage> {
  constructor(
    readonly filter: { segment?: Segment; riskClass?: RiskClass; kind?: AccountKind },
    readonly sort: AccountsSort,
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}
