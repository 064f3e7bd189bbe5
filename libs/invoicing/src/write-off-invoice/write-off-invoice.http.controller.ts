import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { WriteOffInvoiceCommand } from './write-off-invoice.command';
import { InvoiceWrittenOffView, WriteOffInvoiceDto } from './write-off-invoice.dto';

@ApiTags('invoicing')
@Controller('invoices/:invoiceId/write-off')
export class WriteOffInvoiceHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('credit_manager')
  @ApiOperation({ summary: "Write off an invoice's open amount (uncollectable), with who approved it" })
  @ApiCreatedResponse({ type: InvoiceWrittenOffView })
  @ApiResponse({ status: 404, description: 'invoicing.invoice_unknown' })
  @ApiResponse({ status: 422, description: 'invoicing.invoice_not_open: nothing left to write off' })
  writeOff(@Param('invoiceId') invoiceId: string, @Body() body: WriteOffInvoiceDto, @Actor() actor: string): Promise<InvoiceWrittenOffView> {
    return this.commands.execute(new WriteOffInvoiceCommand(invoiceId, body.reason, body.approvedBy, actor));
  }
}
