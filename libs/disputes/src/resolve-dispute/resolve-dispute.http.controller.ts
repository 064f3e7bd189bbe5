import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { DisputeView } from '../presentation/dispute.view';
import { ResolveDisputeDto } from './resolve-dispute.dto';
import { ResolveDisputeCommand } from './resolve-dispute.command';

@ApiTags('disputes')
@Controller('disputes')
export class ResolveDisputeHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':disputeId/resolve')
  @Roles('dispute_handler')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve a dispute: credit note (full or partial), corrected invoice, or rejection; with its root cause' })
  @ApiOkResponse({ type: DisputeView })
  @ApiResponse({ status: 409, description: 'disputes.dispute_resolved' })
  @ApiResponse({ status: 400, description: 'disputes.corrected_total_required, disputes.credit_with_corrected_invoice, disputes.corrected_total_without_correction' })
  @ApiResponse({ status: 422, description: 'disputes.credit_exceeds_disputed_amount (field creditAmountMinor), disputes.currency_mismatch (field currency)' })
  resolve(@Param('disputeId') disputeId: string, @Body() body: ResolveDisputeDto, @Actor() actor: string): Promise<DisputeView> {
    return this.commands.execute(new ResolveDisputeCommand(disputeId, body, actor));
  }
}
