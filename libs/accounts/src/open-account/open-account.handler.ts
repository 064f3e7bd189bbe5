import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataVault } from '@o2c/kernel';
import { AccountStreams } from '../account.streams';
import type { OpenedAccount } from '../account/account.state';
import { presentAccount, type AccountView } from '../get-account/account.view';
import { OpenAccountCommand } from './open-account.command';
import { sealDeclaration } from './personal-data';

@CommandHandler(OpenAccountCommand)
export class OpenAccountHandler implements ICommandHandler<OpenAccountCommand> {
  constructor(
    private readonly streams: AccountStreams,
    private readonly vault: PersonalDataVault,
  ) {}

  async execute({ declaration, context }: OpenAccountCommand): Promise<AccountView> {
    const sealed = await sealDeclaration(this.vault, declaration);
    const outcome = await this.streams.execute(declaration.accountId, { type: 'OpenAccount', declaration: sealed, now: this.streams.now().toISOString(), actor: context.actor }, context);
    return presentAccount(outcome.state as OpenedAccount, outcome.revision);
  }
}
