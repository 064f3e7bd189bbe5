import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import { HeldOrdersPage, HeldOrdersRequest } from './held-orders.dto';
import { ListHeldOrdersQuery } from './held-orders.query';
import { ViewAsOf } from '@o2c/messaging/nest';

@ApiTags('credit')
@Controller('credit')
export class HeldOrdersHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('held-orders')
  @ViewAsOf({ dto: true })
  @Roles('credit_manager')
  @ApiOperation({ summary: "The credit managers' queue: orders held for a credit decision (a read model: it may lag the account by a moment)" })
  @ApiOkResponse({ type: HeldOrdersPage })
  list(@QueryParams() request: HeldOrdersRequest): Promise<HeldOrdersPage> {
    return this.queries.execute(new ListHeldOrdersQuery(request.sort ?? 'oldest', request.limit ?? 100, request.offset ?? 0, request.accountId));
  }
}
