import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import { GetCaseQuery } from './get-case.query';

@ApiTags('collections')
@Controller('collections/accounts')
export class GetCaseHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':accountId')
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: "The account's collections view: profile, open invoices, holds, promises, plans, assignment" })
  account(@Param('accountId') accountId: string): Promise<Record<string, unknown>> {
    return this.queries.execute(new GetCaseQuery(accountId));
  }
}
