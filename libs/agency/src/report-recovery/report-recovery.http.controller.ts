import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { RecoveryView, ReportRecoveryDto } from './report-recovery.dto';
import { ReportRecoveryCommand } from './report-recovery.command';

@ApiTags('agency')
@Controller('agency/claims/:claimId/recoveries')
export class ReportRecoveryHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('publisher', 'collector')
  @HttpCode(200)
  @ApiOperation({ summary: 'What the agency collected on an invoice of the claim: invoicing books it as a payment (AGY-<recoveryId>) with the commission' })
  @ApiOkResponse({ type: RecoveryView })
  @ApiResponse({ status: 404, description: 'agency.claim_unknown' })
  @ApiResponse({ status: 409, description: 'agency.claim_closed, agency.recovery_id_taken' })
  @ApiResponse({ status: 422, description: 'agency.invoice_not_claimed (invoiceId), agency.recovery_exceeds_claim (amountMinor)' })
  report(@Param('claimId') claimId: string, @Body() body: ReportRecoveryDto, @Actor() actor: string): Promise<RecoveryView> {
    return this.commands.execute(new ReportRecoveryCommand(claimId, { recoveryId: body.recoveryId, invoiceId: body.invoiceId, amountMinor: body.amountMinor, recoveredOn: body.recoveredOn }, actor));
  }
}
