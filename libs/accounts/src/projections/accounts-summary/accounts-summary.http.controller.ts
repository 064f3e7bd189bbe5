import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import { AccountsPage, ListAccountsRequest } from './accounts-summary.dto';
import { ListAccountsQuery } from './accounts-summary.query';
import { ViewAsOf } from '@o2c/messaging/nest';

@ApiTags('accounts')
@Controller('accounts')
export class AccountsSummaryHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ViewAsOf({ dto: true })
  @Roles('credit_manager', 'collector')
  @ApiOperation({ summary: 'The accounts portfolio (a read model): limit, exposure, risk class and held orders per account, filtered by segment, risk class or kind' })
  @ApiOkResponse({ type: AccountsPage })
  list(@QueryParams() r: ListAccountsRequest): Promise<AccountsPage> {
    return this.queries.execute(new ListAccountsQuery({ segment: r.segment, riskClass: r.riskClass, kind: r.kind }, r.sort ?? 'account_id', r.limit ?? 100, r.offset ?? 0));
  }
}
