import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DisputeView } from '../presentation/dispute.view';
import { ACTOR_HEADER, RequestActor } from '../presentation/request-actor';
import { AwaitCustomerCommand } from './await-customer.command';

@ApiTags('disputes')
@Controller('disputes')
export class AwaitCustomerHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':disputeId/await-customer')
  @HttpCode(200)
  @ApiOperation({ summary: 'The case waits on the customer: the SLA clock pauses (a repeat is a no-op)' })
  @ApiHeader({ name: ACTOR_HEADER, required: false })
  @ApiOkResponse({ type: DisputeView })
  @ApiResponse({ status: 409, description: 'disputes.dispute_resolved' })
  awaitCustomer(@Param('disputeId') disputeId: string, @RequestActor() actor: string): Promise<DisputeView> {
    return this.commands.execute(new AwaitCustomerCommand(disputeId, actor));
  }
}
