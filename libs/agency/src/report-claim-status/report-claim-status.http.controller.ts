import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AgencyService } from '../agency.service';
import { ACTOR_HEADER, RequestActor } from '../http/actor';
import { ClaimStatusView, ReportClaimStatusDto } from './report-claim-status.dto';

@ApiTags('agency')
@Controller('agency/claims/:claimId/status')
export class ReportClaimStatusHttpController {
  constructor(private readonly agency: AgencyService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "The agency's status update on a claim (recovered and uncollectable close it)" })
  @ApiHeader({ name: ACTOR_HEADER, required: false, description: 'the agency (svc:<agencyId>)' })
  @ApiOkResponse({ type: ClaimStatusView })
  @ApiResponse({ status: 404, description: 'agency.claim_unknown' })
  @ApiResponse({ status: 409, description: 'agency.claim_closed' })
  async report(@Param('claimId') claimId: string, @Body() body: ReportClaimStatusDto, @RequestActor('svc:agency') actor: string): Promise<ClaimStatusView> {
    const events = await this.agency.reportStatus(claimId, body.status, body.note, actor);
    return { claimId, recorded: events.map((e) => e.type) };
  }
}
