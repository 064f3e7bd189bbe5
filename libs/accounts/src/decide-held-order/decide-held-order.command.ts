import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@o2c/kernel';
import type { OrderCreditView } from '../get-account/account.view';

/** A credit manager's decision on a held order: `approve` releases it, `reject` refuses it. */
export class DecideHeldOrderCommand extends Command<OrderCreditView> {
  constructor(
    readonly accountId: string,
    readonly orderId: string,
    readonly decision: 'approve' | 'reject',
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
