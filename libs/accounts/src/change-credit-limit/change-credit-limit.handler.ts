import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountStreams } from '../account.streams';
import type { OpenedAccount } from '../account/account.state';
import { presentAccount, type AccountView } from '../get-account/account.view';
import { ChangeCreditLimitCommand } from './change-credit-limit.command';

@CommandHandler(ChangeCreditLimitCommand)
export class ChangeCreditLimitHandler implements ICommandHandler<ChangeCreditLimitCommand> {
  constructor(private readonly streams: AccountStreams) {}

  async execute(c: ChangeCreditLimitCommand): Promise<AccountView> {
    const outcome = await this.streams.execute(c.accountId, { type: 'ChangeCreditLimit', creditLimitMinor: c.creditLimitMinor, reason: c.reason, actor: c.context.actor }, c.context);
    return presentAccount(outcome.state as OpenedAccount, outcome.revision);
  }
}
