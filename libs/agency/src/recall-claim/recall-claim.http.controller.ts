import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { RecallView } from './recall-claim.dto';
import { RecallClaimCommand } from './recall-claim.command';

@ApiTags('agency')
@Controller('agency/claims/:claimId/recall')
export class RecallClaimHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('collector')
  @HttpCode(200)
  @ApiOperation({ summary: 'Recall a claim by hand: withdrawn (ClaimRecalled, reason manual), the agency notified, the agency hold ended by collections' })
  @ApiOkResponse({ type: RecallView })
  @ApiResponse({ status: 404, description: 'agency.claim_unknown' })
  @ApiResponse({ status: 409, description: 'agency.claim_closed (recovered or uncollectable)' })
  recall(@Param('claimId') claimId: string, @Actor() actor: string): Promise<RecallView> {
    return this.commands.execute(new RecallClaimCommand(claimId, actor));
  }
}
