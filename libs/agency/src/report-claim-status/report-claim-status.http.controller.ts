import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { ClaimStatusView, ReportClaimStatusDto } from './report-claim-status.dto';
import { ReportClaimStatusCommand } from './report-claim-status.command';

@ApiTags('agency')
@Controller('agency/claims/:claimId/status')
export class ReportClaimStatusHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('publisher', 'collector')
  @HttpCode(200)
  @ApiOperation({ summary: "The agency's status update on a claim (recovered and uncollectable close it)" })
  @ApiOkResponse({ type: ClaimStatusView })
  @ApiResponse({ status: 404, description: 'agency.claim_unknown' })
  @ApiResponse({ status: 409, description: 'agency.claim_closed' })
  report(@Param('claimId') claimId: string, @Body() body: ReportClaimStatusDto, @Actor() actor: string): Promise<ClaimStatusView> {
    return this.commands.execute(new ReportClaimStatusCommand(claimId, body.status, body.note, actor));
  }
}
