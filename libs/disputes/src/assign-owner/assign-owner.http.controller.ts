import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DisputeDesk } from '../dispute/dispute.desk';
import { DisputeView } from '../presentation/dispute.view';
import { ACTOR_HEADER, RequestActor } from '../presentation/request-actor';
import { AssignOwnerDto } from './assign-owner.dto';

@ApiTags('disputes')
@Controller('disputes')
export class AssignOwnerHttpController {
  constructor(private readonly desk: DisputeDesk) {}

  @Post(':disputeId/owner')
  @HttpCode(200)
  @ApiOperation({ summary: "Hand the dispute to another owner (a breach escalates to the owner's manager)" })
  @ApiHeader({ name: ACTOR_HEADER, required: false })
  @ApiOkResponse({ type: DisputeView })
  @ApiResponse({ status: 422, description: 'disputes.owner_unknown (field ownerId)' })
  assign(@Param('disputeId') disputeId: string, @Body() body: AssignOwnerDto, @RequestActor() actor: string): Promise<DisputeView> {
    return this.desk.assignOwner(disputeId, body.ownerId, actor);
  }
}
