import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountStreams } from '../account.streams';
import { orderCreditOutcome, type OrderCreditOutcome } from '../check-order-credit/order-credit.outcome';
import { CancelOrderCommand } from './cancel-order.command';

@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand> {
  constructor(private readonly streams: AccountStreams) {}

  async execute(c: CancelOrderCommand): Promise<OrderCreditOutcome> {
    const result = await this.streams.execute(c.accountId, { type: 'CancelOrder', orderId: c.orderId, reason: c.reason }, c.context);
    return orderCreditOutcome(c.accountId, c.orderId, result);
  }
}
