import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { IssueCreditNoteCommand } from './issue-credit-note.command';
import { CreditNoteIssuedView, IssueCreditNoteDto } from './issue-credit-note.dto';

@ApiTags('invoicing')
@Controller('invoices/:invoiceId/credit-notes')
export class IssueCreditNoteHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('credit_manager')
  @ApiOperation({ summary: 'Issue a credit note on an invoice (full or partial), e.g. the outcome of a dispute' })
  @ApiCreatedResponse({ type: CreditNoteIssuedView })
  @ApiResponse({ status: 404, description: 'invoicing.invoice_unknown' })
  @ApiResponse({ status: 409, description: 'invoicing.credit_note_id_taken: the id was used for another credit note' })
  @ApiResponse({ status: 422, description: 'invoicing.credit_note_exceeds_open_amount (field amountMinor)' })
  issue(@Param('invoiceId') invoiceId: string, @Body() body: IssueCreditNoteDto, @Actor() actor: string): Promise<CreditNoteIssuedView> {
    return this.commands.execute(new IssueCreditNoteCommand(invoiceId, body.creditNoteId, body.amountMinor, body.reason, actor));
  }
}
