import type { CommandBus } from '@nestjs/cqrs';
import type { IngressHandler } from '@o2c/messaging';
import { ingressContext } from '../check-order-credit/check-order-credit.ingress';
import { CancelOrderCommand } from './cancel-order.command';

/** `OrderCancelled` -> the order leaves the account's exposure (and the credit managers' queue if it was held). */
export const orderCancelledIngress =
  (commands: CommandBus): IngressHandler<'OrderCancelled'> =>
  (message) => {
    const d = message.data;
    return commands.execute(new CancelOrderCommand(d.accountId, d.orderId, d.reason, ingressContext(message.messageId, `order:${d.orderId}`)));
  };
