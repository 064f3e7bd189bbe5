import type { CommandBus } from '@nestjs/cqrs';
import type { CommandContext } from '@o2c/kernel';
import type { IngressHandler } from '@o2c/messaging';
import { CheckOrderCreditCommand } from './check-order-credit.command';

export const INGRESS_ACTOR = 'svc:order-management';

/** The context of a command caused by an ingress message: idempotent on the publisher's message id. */
export const ingressContext = (messageId: string, correlationId?: string): CommandContext => ({
  causationId: `ingress:${messageId}`,
  commandId: `ingress:${messageId}`,
  ...(correlationId ? { correlationId } : {}),
  actor: INGRESS_ACTOR,
});

/** `OrderPlaced` -> the order's credit check on its account stream. */
export const orderPlacedIngress =
  (commands: CommandBus): IngressHandler<'OrderPlaced'> =>
  (message) => {
    const d = message.data;
    return commands.execute(new CheckOrderCreditCommand(d.accountId, d.orderId, d.amountMinor, d.currency, d.placedAt, ingressContext(message.messageId, `order:${d.orderId}`)));
  };
