import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DisputeDesk } from '../dispute/dispute.desk';
import { DisputeView } from '../presentation/dispute.view';
import { ACTOR_HEADER, RequestActor } from '../presentation/request-actor';

@ApiTags('disputes')
@Controller('disputes')
export class AwaitCustomerHttpController {
  constructor(private readonly desk: DisputeDesk) {}

  @Post(':disputeId/await-customer')
  @HttpCode(200)
  @ApiOperation({ summary: 'The case waits on the customer: the SLA clock pauses (a repeat is a no-op)' })
  @ApiHeader({ name: ACTOR_HEADER, required: false })
  @ApiOkResponse({ type: DisputeView })
  @ApiResponse({ status: 409, description: 'disputes.dispute_resolved' })
  awaitCustomer(@Param('disputeId') disputeId: string, @RequestActor() actor: string): Promise<DisputeView> {
    return this.desk.awaitCustomer(disputeId, actor);
  }
}
