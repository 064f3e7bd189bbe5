import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountStreams } from '../account.streams';
import type { OpenedAccount } from '../account/account.state';
import { presentAccount, type AccountView } from '../get-account/account.view';
import { OpenAccountCommand } from './open-account.command';

@CommandHandler(OpenAccountCommand)
export class OpenAccountHandler implements ICommandHandler<OpenAccountCommand> {
  constructor(private readonly streams: AccountStreams) {}

  async execute({ declaration, context }: OpenAccountCommand): Promise<AccountView> {
    const outcome = await this.streams.execute(declaration.accountId, { type: 'OpenAccount', declaration, now: this.streams.now().toISOString(), actor: context.actor }, context);
    return presentAccount(outcome.state as OpenedAccount, outcome.revision);
  }
}
