import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvoiceDirectory } from '../invoice-directory/invoice-directory';
import { LedgerService } from '../ledger/ledger.service';
import { IssueCreditNoteCommand } from './issue-credit-note.command';
import type { CreditNoteIssuedView } from './issue-credit-note.dto';

@CommandHandler(IssueCreditNoteCommand)
export class IssueCreditNoteHandler implements ICommandHandler<IssueCreditNoteCommand> {
  constructor(
    private readonly ledger: LedgerService,
    private readonly directory: InvoiceDirectory,
  ) {}

  async execute(command: IssueCreditNoteCommand): Promise<CreditNoteIssuedView> {
    const accountId = await this.directory.requireAccountOf(command.invoiceId);
    // Idempotency is the decider's (on the credit note id), so a repeat with another amount is refused rather than silently absorbed.
    const outcome = await this.ledger.execute(
      {
        type: 'IssueCreditNote',
        accountId,
        invoiceId: command.invoiceId,
        creditNoteId: command.creditNoteId,
        amountMinor: command.amountMinor,
        reason: command.reason,
        on: this.ledger.now().toISOString().slice(0, 10),
      },
      { causationId: `http:${randomUUID()}`, actor: command.actor },
    );
    const invoice = outcome.state.status === 'Active' ? outcome.state.invoices.get(command.invoiceId) : undefined;
    return {
      outcome: outcome.newEvents.length ? 'credit_note_issued' : 'already_handled',
      creditNoteId: command.creditNoteId,
      invoiceId: command.invoiceId,
      amountMinor: command.amountMinor,
      openAmountMinor: invoice?.openAmountMinor ?? 0,
    };
  }
}
