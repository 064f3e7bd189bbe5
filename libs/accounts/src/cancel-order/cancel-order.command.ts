import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@o2c/kernel';
import type { OrderCreditOutcome } from '../check-order-credit/order-credit.outcome';

/** An order cancelled upstream (ingress `OrderCancelled`): it leaves the exposure and the held queue. */
export class CancelOrderCommand extends Command<OrderCreditOutcome> {
  constructor(
    readonly accountId: string,
    readonly orderId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
