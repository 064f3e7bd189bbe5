import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountStreams } from '../account.streams';
import type { OpenedAccount } from '../account/account.state';
import { presentAccount, type AccountView } from '../get-account/account.view';
import { ChangePaymentTermsCommand } from './change-payment-terms.command';

@CommandHandler(ChangePaymentTermsCommand)
export class ChangePaymentTermsHandler implements ICommandHandler<ChangePaymentTermsCommand> {
  constructor(private readonly streams: AccountStreams) {}

  async execute(c: ChangePaymentTermsCommand): Promise<AccountView> {
    const outcome = await this.streams.execute(c.accountId, { type: 'ChangePaymentTerms', paymentTermsDays: c.paymentTermsDays, reason: c.reason, actor: c.context.actor }, c.context);
    return presentAccount(outcome.state as OpenedAccount, outcome.revision);
  }
}
