import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACTOR_HEADER, RequestActor } from '../presentation/request-actor';
import { IssueCreditNoteCommand } from './issue-credit-note.command';
import { CreditNoteIssuedView, IssueCreditNoteDto } from './issue-credit-note.dto';

@ApiTags('invoicing')
@Controller('invoices/:invoiceId/credit-notes')
export class IssueCreditNoteHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Issue a credit note on an invoice (full or partial), e.g. the outcome of a dispute' })
  @ApiHeader({ name: ACTOR_HEADER, required: false, description: 'who asks (user:<id>); default user:anonymous' })
  @ApiCreatedResponse({ type: CreditNoteIssuedView })
  @ApiResponse({ status: 404, description: 'invoicing.invoice_unknown' })
  @ApiResponse({ status: 409, description: 'invoicing.credit_note_id_taken: the id was used for another credit note' })
  @ApiResponse({ status: 422, description: 'invoicing.credit_note_exceeds_open_amount (field amountMinor)' })
  issue(@Param('invoiceId') invoiceId: string, @Body() body: IssueCreditNoteDto, @RequestActor() actor: string): Promise<CreditNoteIssuedView> {
    return this.commands.execute(new IssueCreditNoteCommand(invoiceId, body.creditNoteId, body.amountMinor, body.reason, actor));
  }
}
