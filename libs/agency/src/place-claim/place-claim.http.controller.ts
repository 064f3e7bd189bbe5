import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { ClaimPlacedView, PlaceClaimDto } from './place-claim.dto';
import { PlaceClaimCommand } from './place-claim.command';

@ApiTags('agency')
@Controller('agency/claims')
export class PlaceClaimHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('collector')
  @ApiOperation({ summary: "Place an account's overdue invoices with an agency by hand (a collector's decision)" })
  @ApiCreatedResponse({ type: ClaimPlacedView })
  @ApiResponse({ status: 404, description: 'agency.account_unknown, agency.agency_unknown' })
  @ApiResponse({ status: 409, description: 'agency.claim_active' })
  @ApiResponse({ status: 422, description: 'agency.dispute_open, agency.payment_plan_active, agency.legal_hold, agency.nothing_overdue' })
  place(@Body() body: PlaceClaimDto, @Actor() actor: string): Promise<ClaimPlacedView> {
    return this.commands.execute(new PlaceClaimCommand(body.accountId, body.agencyId, body.reason, actor));
  }
}
