import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountStreams } from '../account.streams';
import type { OpenedAccount } from '../account/account.state';
import { presentOrder, type OrderCreditView } from '../get-account/account.view';
import { DecideHeldOrderCommand } from './decide-held-order.command';

@CommandHandler(DecideHeldOrderCommand)
export class DecideHeldOrderHandler implements ICommandHandler<DecideHeldOrderCommand> {
  constructor(private readonly streams: AccountStreams) {}

  async execute(c: DecideHeldOrderCommand): Promise<OrderCreditView> {
    const type = c.decision === 'approve' ? 'ApproveHeldOrder' : 'RejectHeldOrder';
    const result = await this.streams.execute(c.accountId, { type, orderId: c.orderId, reason: c.reason, actor: c.context.actor }, c.context);
    const account = result.state as OpenedAccount;
    return presentOrder(account.accountId, account.orders[c.orderId]);
  }
}
