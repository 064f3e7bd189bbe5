import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@o2c/kernel';
import type { AccountDeclaration } from '../account/account.commands';
import type { AccountView } from '../get-account/account.view';

export class OpenAccountCommand extends Command<AccountView> {
  constructor(
    readonly declaration: AccountDeclaration,
    readonly context: CommandContext,
  ) {
    super();
  }
}
