import { Command } from '@nestjs/cqrs';
import type { InvoiceWrittenOffView } from './write-off-invoice.dto';

export class WriteOffInvoiceCommand extends Command<InvoiceWrittenOffView> {
  constructor(
    readonly invoiceId: string,
    readonly reason: string,
    readonly approvedBy: string,
    readonly actor: string,
  ) {
    super();
  }
}
