import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@o2c/kernel';
import type { AccountView } from '../get-account/account.view';

export class ChangePaymentTermsCommand extends Command<AccountView> {
  constructor(
    readonly accountId: string,
    readonly paymentTermsDays: number,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
