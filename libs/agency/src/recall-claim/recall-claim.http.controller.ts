import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACTOR_HEADER, RequestActor } from '../http/actor';
import { RecallView } from './recall-claim.dto';
import { RecallClaimCommand } from './recall-claim.command';

@ApiTags('agency')
@Controller('agency/claims/:claimId/recall')
export class RecallClaimHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Recall a claim by hand: withdrawn (ClaimRecalled, reason manual), the agency notified, the agency hold ended by collections' })
  @ApiHeader({ name: ACTOR_HEADER, required: false })
  @ApiOkResponse({ type: RecallView })
  @ApiResponse({ status: 404, description: 'agency.claim_unknown' })
  @ApiResponse({ status: 409, description: 'agency.claim_closed (recovered or uncollectable)' })
  recall(@Param('claimId') claimId: string, @RequestActor() actor: string): Promise<RecallView> {
    return this.commands.execute(new RecallClaimCommand(claimId, actor));
  }
}
