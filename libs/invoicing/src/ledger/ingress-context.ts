import type { IngressMessage } from '@o2c/contracts';
import type { CommandContext } from '@o2c/kernel';

/** An ingress message becomes one ledger command, idempotent on the publisher's message id. */
export const ingressCommandContext = (message: IngressMessage, actor: string): CommandContext => ({
  causationId: `ingress:${message.messageId}`,
  commandId: `ingress:${message.messageId}`,
  actor,
});
