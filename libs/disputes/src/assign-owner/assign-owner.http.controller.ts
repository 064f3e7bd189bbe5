import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { DisputeView } from '../presentation/dispute.view';
import { AssignOwnerDto } from './assign-owner.dto';
import { AssignOwnerCommand } from './assign-owner.command';

@ApiTags('disputes')
@Controller('disputes')
export class AssignOwnerHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':disputeId/owner')
  @Roles('dispute_handler')
  @HttpCode(200)
  @ApiOperation({ summary: "Hand the dispute to another owner (a breach escalates to the owner's manager)" })
  @ApiOkResponse({ type: DisputeView })
  @ApiResponse({ status: 422, description: 'disputes.owner_unknown (field ownerId)' })
  assign(@Param('disputeId') disputeId: string, @Body() body: AssignOwnerDto, @Actor() actor: string): Promise<DisputeView> {
    return this.commands.execute(new AssignOwnerCommand(disputeId, body.ownerId, actor));
  }
}
