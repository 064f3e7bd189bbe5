import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import { AccountView } from './account.view';
import { GetAccountQuery } from './get-account.query';

@ApiTags('accounts')
@Controller('accounts')
export class GetAccountHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':accountId')
  @Roles('credit_manager', 'collector', 'dispute_handler')
  @ApiOperation({ summary: "An account's current state: credit limit, exposure breakdown, risk class and reasons, held orders" })
  @ApiOkResponse({ type: AccountView })
  @ApiNotFoundResponse({ description: 'no such account' })
  get(@Param('accountId') accountId: string): Promise<AccountView> {
    return this.queries.execute(new GetAccountQuery(accountId));
  }
}
