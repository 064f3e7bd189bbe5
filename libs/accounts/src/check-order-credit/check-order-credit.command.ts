import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@o2c/kernel';
import type { OrderCreditOutcome } from './order-credit.outcome';

/** The credit check of a placed order (ingress `OrderPlaced`). */
export class CheckOrderCreditCommand extends Command<OrderCreditOutcome> {
  constructor(
    readonly accountId: string,
    readonly orderId: string,
    readonly amountMinor: number,
    readonly currency: string,
    readonly placedAt: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
