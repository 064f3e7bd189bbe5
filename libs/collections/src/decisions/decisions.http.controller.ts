import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import { GetDecisionsQuery, type DecisionsView } from './get-decisions.query';

@ApiTags('collections')
@Controller('collections/accounts')
export class DecisionsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':accountId/decisions')
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: 'Decision provenance: every automated action on the account and the inputs that decided it' })
  decisions(@Param('accountId') accountId: string): Promise<DecisionsView> {
    return this.queries.execute(new GetDecisionsQuery(accountId));
  }
}
