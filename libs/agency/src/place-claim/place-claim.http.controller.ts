import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AgencyService } from '../agency.service';
import { ACTOR_HEADER, RequestActor } from '../http/actor';
import { ClaimPlacedView, PlaceClaimDto } from './place-claim.dto';

@ApiTags('agency')
@Controller('agency/claims')
export class PlaceClaimHttpController {
  constructor(private readonly agency: AgencyService) {}

  @Post()
  @ApiOperation({ summary: "Place an account's overdue invoices with an agency by hand (a collector's decision)" })
  @ApiHeader({ name: ACTOR_HEADER, required: false })
  @ApiCreatedResponse({ type: ClaimPlacedView })
  @ApiResponse({ status: 404, description: 'agency.account_unknown, agency.agency_unknown' })
  @ApiResponse({ status: 409, description: 'agency.claim_active' })
  @ApiResponse({ status: 422, description: 'agency.dispute_open, agency.payment_plan_active, agency.legal_hold, agency.nothing_overdue' })
  async place(@Body() body: PlaceClaimDto, @RequestActor() actor: string): Promise<ClaimPlacedView> {
    return { outcome: 'placed', claimId: await this.agency.placeByHand(body.accountId, body.agencyId, body.reason, actor) };
  }
}
