import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { DisputeView } from '../presentation/dispute.view';
import { ReopenDisputeDto } from './reopen-dispute.dto';
import { ReopenDisputeCommand } from './reopen-dispute.command';

@ApiTags('disputes')
@Controller('disputes')
export class ReopenDisputeHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':disputeId/reopen')
  @Roles('dispute_handler')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a resolved dispute (restatement): its history stays, its clock resumes from the SLA time already used' })
  @ApiOkResponse({ type: DisputeView })
  @ApiResponse({ status: 409, description: 'disputes.dispute_not_resolved' })
  reopen(@Param('disputeId') disputeId: string, @Body() body: ReopenDisputeDto, @Actor() actor: string): Promise<DisputeView> {
    return this.commands.execute(new ReopenDisputeCommand(disputeId, body.reason, actor));
  }
}
