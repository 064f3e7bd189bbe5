import { publishedEventConsumer, type ConsumerDefinition, type PublishedEvent } from '@o2c/messaging';
import type { AccountStreams } from '../account.streams';
import { RECEIVABLE_EVENT_TYPES, receivableCommandOf } from './receivable-command';

export const RECEIVABLES_GROUP = 'o2c.accounts.receivables';
export const RECEIVABLES_ACTOR = 'system:accounts.receivables';

/** Applies one of invoicing's published events to its account; the published message id is the command id, so a redelivery changes nothing. */
export async function applyReceivableEvent(streams: AccountStreams, event: PublishedEvent): Promise<void> {
  const target = receivableCommandOf(event);
  if (!target) return;
  await streams.execute(target.accountId, target.command, {
    causationId: event.metadata.messageId,
    commandId: event.metadata.messageId,
    correlationId: event.metadata.correlationId,
    actor: RECEIVABLES_ACTOR,
  });
}

/** The consumer group that keeps accounts' receivables and payment behaviour from invoicing's topic. */
export function receivablesConsumer(streams: AccountStreams): ConsumerDefinition<PublishedEvent | undefined> {
  const handle = (event: PublishedEvent) => applyReceivableEvent(streams, event);
  return publishedEventConsumer({
    groupId: RECEIVABLES_GROUP,
    from: ['invoicing'],
    handlers: Object.fromEntries(RECEIVABLE_EVENT_TYPES.map((type) => [type, { versions: [1], handle }])),
    // Each event is one command through AccountStreams' per-account queue, which keeps the order.
    pipelined: true,
  });
}
