import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { DisputeView } from '../presentation/dispute.view';
import { OpenDisputeFromWorklistCommand } from './open-dispute-from-worklist.command';
import { OpenDisputeFromWorklistDto } from './open-dispute-from-worklist.dto';

@ApiTags('disputes')
@Controller('disputes')
export class OpenDisputeFromWorklistHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('from-worklist')
  @Roles('collector')
  @ApiOperation({ summary: "A collector opens a dispute from a worklist row (origin worklist) on one of the row's account's invoices, or part of it; the 72-hour clock starts" })
  @ApiCreatedResponse({ type: DisputeView })
  @ApiResponse({ status: 404, description: 'disputes.invoice_unknown (field invoiceId)' })
  @ApiResponse({ status: 409, description: 'disputes.dispute_id_taken' })
  @ApiResponse({ status: 422, description: "disputes.invoice_not_on_account (field invoiceId: not the row's account's), disputes.amount_exceeds_open_amount (field amountMinor), disputes.owner_unknown (field ownerId)" })
  open(@Body() body: OpenDisputeFromWorklistDto, @Actor() actor: string): Promise<DisputeView> {
    const { accountId, ...request } = body;
    return this.commands.execute(new OpenDisputeFromWorklistCommand(accountId, request, actor));
  }
}
