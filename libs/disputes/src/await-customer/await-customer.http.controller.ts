import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { DisputeView } from '../presentation/dispute.view';
import { AwaitCustomerCommand } from './await-customer.command';

@ApiTags('disputes')
@Controller('disputes')
export class AwaitCustomerHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':disputeId/await-customer')
  @Roles('dispute_handler')
  @HttpCode(200)
  @ApiOperation({ summary: 'The case waits on the customer: the SLA clock pauses (a repeat is a no-op)' })
  @ApiOkResponse({ type: DisputeView })
  @ApiResponse({ status: 409, description: 'disputes.dispute_resolved' })
  awaitCustomer(@Param('disputeId') disputeId: string, @Actor() actor: string): Promise<DisputeView> {
    return this.commands.execute(new AwaitCustomerCommand(disputeId, actor));
  }
}
