import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { DisputeView } from '../presentation/dispute.view';
import { RecordCustomerAnswerCommand } from './record-customer-answer.command';

@ApiTags('disputes')
@Controller('disputes')
export class RecordCustomerAnswerHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':disputeId/customer-answered')
  @Roles('dispute_handler')
  @HttpCode(200)
  @ApiOperation({ summary: 'The customer answered: the SLA clock resumes from the time it had used' })
  @ApiOkResponse({ type: DisputeView })
  @ApiResponse({ status: 409, description: 'disputes.not_awaiting_customer, disputes.dispute_resolved' })
  customerAnswered(@Param('disputeId') disputeId: string, @Actor() actor: string): Promise<DisputeView> {
    return this.commands.execute(new RecordCustomerAnswerCommand(disputeId, actor));
  }
}
