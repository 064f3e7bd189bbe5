import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvoiceDirectory } from '../invoice-directory/invoice-directory';
import type { LedgerEventOf } from '../ledger/events';
import { LedgerService } from '../ledger/ledger.service';
import { WriteOffInvoiceCommand } from './write-off-invoice.command';
import type { InvoiceWrittenOffView } from './write-off-invoice.dto';

@CommandHandler(WriteOffInvoiceCommand)
export class WriteOffInvoiceHandler implements ICommandHandler<WriteOffInvoiceCommand> {
  constructor(
    private readonly ledger: LedgerService,
    private readonly directory: InvoiceDirectory,
  ) {}

  async execute(command: WriteOffInvoiceCommand): Promise<InvoiceWrittenOffView> {
    const accountId = await this.directory.requireAccountOf(command.invoiceId);
    const outcome = await this.ledger.execute(
      { type: 'WriteOffInvoice', accountId, invoiceId: command.invoiceId, reason: command.reason, approvedBy: command.approvedBy, on: this.ledger.now().toISOString().slice(0, 10) },
      { causationId: `http:${randomUUID()}`, actor: command.actor },
    );
    const writtenOff = outcome.newEvents.find((e): e is LedgerEventOf<'InvoiceWrittenOff'> => e.type === 'InvoiceWrittenOff');
    const invoice = outcome.state.status === 'Active' ? outcome.state.invoices.get(command.invoiceId) : undefined;
    return {
      outcome: writtenOff ? 'written_off' : 'already_handled',
      invoiceId: command.invoiceId,
      amountMinor: writtenOff?.data.amountMinor ?? invoice?.writtenOffMinor ?? 0,
      openAmountMinor: invoice?.openAmountMinor ?? 0,
    };
  }
}
