import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DisputeDesk } from '../dispute/dispute.desk';
import { DisputeView } from '../presentation/dispute.view';

@ApiTags('disputes')
@Controller('disputes')
export class GetDisputeHttpController {
  constructor(private readonly desk: DisputeDesk) {}

  @Get(':disputeId')
  @ApiOperation({ summary: 'A dispute from its stream (no lag): history, and its SLA clock now (elapsed, remaining, paused)' })
  @ApiOkResponse({ type: DisputeView })
  @ApiResponse({ status: 404, description: 'disputes.dispute_unknown' })
  get(@Param('disputeId') disputeId: string): Promise<DisputeView> {
    return this.desk.get(disputeId);
  }
}
