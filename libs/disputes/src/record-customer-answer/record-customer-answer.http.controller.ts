import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DisputeView } from '../presentation/dispute.view';
import { ACTOR_HEADER, RequestActor } from '../presentation/request-actor';
import { RecordCustomerAnswerCommand } from './record-customer-answer.command';

@ApiTags('disputes')
@Controller('disputes')
export class RecordCustomerAnswerHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':disputeId/customer-answered')
  @HttpCode(200)
  @ApiOperation({ summary: 'The customer answered: the SLA clock resumes from the time it had used' })
  @ApiHeader({ name: ACTOR_HEADER, required: false })
  @ApiOkResponse({ type: DisputeView })
  @ApiResponse({ status: 409, description: 'disputes.not_awaiting_customer, disputes.dispute_resolved' })
  customerAnswered(@Param('disputeId') disputeId: string, @RequestActor() actor: string): Promise<DisputeView> {
    return this.commands.execute(new RecordCustomerAnswerCommand(disputeId, actor));
  }
}
