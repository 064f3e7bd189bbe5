import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountStreams } from '../account.streams';
import { CheckOrderCreditCommand } from './check-order-credit.command';
import { orderCreditOutcome, type OrderCreditOutcome } from './order-credit.outcome';

@CommandHandler(CheckOrderCreditCommand)
export class CheckOrderCreditHandler implements ICommandHandler<CheckOrderCreditCommand> {
  constructor(private readonly streams: AccountStreams) {}

  async execute(c: CheckOrderCreditCommand): Promise<OrderCreditOutcome> {
    const result = await this.streams.execute(c.accountId, { type: 'CheckOrderCredit', orderId: c.orderId, amountMinor: c.amountMinor, currency: c.currency, placedAt: c.placedAt }, c.context);
    return orderCreditOutcome(c.accountId, c.orderId, result);
  }
}
