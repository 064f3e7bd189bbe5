import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountStreams } from '../account.streams';
import type { OpenedAccount } from '../account/account.state';
import { getIn } from '@o2c/kernel';
import { presentOrder, type OrderCreditView } from '../get-account/account.view';
import { DecideHeldOrderCommand } from './decide-held-order.command';

@CommandHandler(DecideHeldOrderCommand)
export class DecideHeldOrderHandler implements ICommandHandler<DecideHeldOrderCommand> {
  constructor(private readonly streams: AccountStreams) {}

  async execute(c: DecideHeldOrderCommand): Promise<OrderCreditView> {
    const type = c.decision === 'approve' ? 'ApproveHeldOrder' : 'RejectHeldOrder';
    const result = await this.streams.execute(c.accountId, { type, orderId: c.orderId, reason: c.reason, actor: c.context.actor }, c.context);
    const account = result.state as OpenedAccount;
    const released = getIn(account.orders, c.orderId);
    if (released) return presentOrder(account.accountId, released);
    const rejected = result.newEvents.find((e) => e.type === 'OrderCreditRejected');
    const d = rejected?.type === 'OrderCreditRejected' ? rejected.data : undefined;
    return { accountId: account.accountId, orderId: c.orderId, status: 'rejected', amountMinor: d?.amountMinor ?? 0, currency: d?.currency ?? account.currency };
  }
}
