import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import { DisputeView } from '../presentation/dispute.view';
import { GetDisputeQuery } from './get-dispute.query';

@ApiTags('disputes')
@Controller('disputes')
export class GetDisputeHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':disputeId')
  @Roles('dispute_handler', 'collector')
  @ApiOperation({ summary: 'A dispute from its stream (no lag): history, and its SLA clock now (elapsed, remaining, paused)' })
  @ApiOkResponse({ type: DisputeView })
  @ApiResponse({ status: 404, description: 'disputes.dispute_unknown' })
  get(@Param('disputeId') disputeId: string): Promise<DisputeView> {
    return this.queries.execute(new GetDisputeQuery(disputeId));
  }
}
