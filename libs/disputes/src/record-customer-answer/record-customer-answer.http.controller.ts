import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DisputeDesk } from '../dispute/dispute.desk';
import { DisputeView } from '../presentation/dispute.view';
import { ACTOR_HEADER, RequestActor } from '../presentation/request-actor';

@ApiTags('disputes')
@Controller('disputes')
export class RecordCustomerAnswerHttpController {
  constructor(private readonly desk: DisputeDesk) {}

  @Post(':disputeId/customer-answered')
  @HttpCode(200)
  @ApiOperation({ summary: 'The customer answered: the SLA clock resumes from the time it had used' })
  @ApiHeader({ name: ACTOR_HEADER, required: false })
  @ApiOkResponse({ type: DisputeView })
  @ApiResponse({ status: 409, description: 'disputes.not_awaiting_customer, disputes.dispute_resolved' })
  customerAnswered(@Param('disputeId') disputeId: string, @RequestActor() actor: string): Promise<DisputeView> {
    return this.desk.customerAnswered(disputeId, actor);
  }
}
