import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { DisputeView } from '../presentation/dispute.view';
import { OpenDisputeDto } from './open-dispute.dto';
import { OpenDisputeCommand } from './open-dispute.command';

@ApiTags('disputes')
@Controller('disputes')
export class OpenDisputeHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('dispute_handler', 'collector')
  @ApiOperation({ summary: 'Open a dispute raised by the customer (origin customer) on an invoice or part of it; the 72-hour clock starts. A collector working the worklist uses POST /disputes/from-worklist' })
  @ApiCreatedResponse({ type: DisputeView })
  @ApiResponse({ status: 404, description: 'disputes.invoice_unknown (field invoiceId)' })
  @ApiResponse({ status: 409, description: 'disputes.dispute_id_taken' })
  @ApiResponse({ status: 422, description: 'disputes.amount_exceeds_open_amount (field amountMinor), disputes.owner_unknown (field ownerId)' })
  open(@Body() body: OpenDisputeDto, @Actor() actor: string): Promise<DisputeView> {
    return this.commands.execute(new OpenDisputeCommand(body, actor));
  }
}
