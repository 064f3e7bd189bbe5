import { Command } from '@nestjs/cqrs';
import type { CreditNoteIssuedView } from './issue-credit-note.dto';

export class IssueCreditNoteCommand extends Command<CreditNoteIssuedView> {
  constructor(
    readonly invoiceId: string,
    readonly creditNoteId: string,
    readonly amountMinor: number,
    readonly reason: string,
    readonly actor: string,
  ) {
    super();
  }
}
