import type { PromiseToPayBrokenV1 } from '@o2c/contracts';
import { publishedEventConsumer, type ConsumerDefinition, type PublishedEvent } from '@o2c/messaging';
import type { AccountStreams } from '../account.streams';

export const COLLECTIONS_SIGNALS_GROUP = 'o2c.accounts.collections';

/**
 * A broken promise to pay is a strong signal (DOMAIN.md): it counts in the
 * account's risk class. The published message id is the command id, so a
 * redelivery changes nothing.
 */
export function collectionsSignalsConsumer(streams: AccountStreams): ConsumerDefinition<PublishedEvent | undefined> {
  return publishedEventConsumer({
    groupId: COLLECTIONS_SIGNALS_GROUP,
    from: ['collections'],
    handlers: {
      PromiseToPayBroken: {
        versions: [1],
        handle: async (event) => {
          const d = event.data as PromiseToPayBrokenV1;
          await streams.execute(
            d.accountId,
            { type: 'RecordBehaviourSignal', signal: 'promise_broken', reference: d.promiseId, at: event.metadata.occurredAt },
            { causationId: event.metadata.messageId, commandId: `${COLLECTIONS_SIGNALS_GROUP}:${event.metadata.messageId}`, correlationId: event.metadata.correlationId, actor: `system:${COLLECTIONS_SIGNALS_GROUP}` },
          );
        },
      },
    },
  });
}
