import type { DisputeOpenedV1, DisputeReopenedV1, DisputeResolvedV1 } from '@o2c/contracts';
import { publishedEventConsumer, type ConsumerDefinition, type PublishedEvent } from '@o2c/messaging';
import type { AccountStreams } from '../account.streams';
import type { BehaviourSignal } from '../account/account.events';

export const DISPUTE_SIGNALS_GROUP = 'o2c.accounts.disputes';
export const DISPUTE_SIGNALS_ACTOR = 'system:accounts.disputes';

/** Disputes opened (or reopened) and resolved on an account become its behaviour signals (the "disputes open now" risk measure). */
export function disputeSignalsConsumer(streams: AccountStreams): ConsumerDefinition<PublishedEvent | undefined> {
  const record = (accountId: string, signal: BehaviourSignal, reference: string, at: string, event: PublishedEvent) =>
    streams.execute(accountId, { type: 'RecordBehaviourSignal', signal, reference, at }, {
      causationId: event.metadata.messageId,
      commandId: `disputes:${event.metadata.messageId}`,
      correlationId: event.metadata.correlationId,
      actor: DISPUTE_SIGNALS_ACTOR,
    });
  return publishedEventConsumer({
    groupId: DISPUTE_SIGNALS_GROUP,
    from: ['disputes'],
    handlers: {
      DisputeOpened: {
        versions: [1],
        handle: async (event) => {
          const d = event.data as DisputeOpenedV1;
          await record(d.accountId, 'dispute_opened', d.disputeId, d.openedAt, event);
        },
      },
      DisputeReopened: {
        versions: [1],
        handle: async (event) => {
          const d = event.data as DisputeReopenedV1;
          await record(d.accountId, 'dispute_opened', d.disputeId, d.reopenedAt, event);
        },
      },
      DisputeResolved: {
        versions: [1],
        handle: async (event) => {
          const d = event.data as DisputeResolvedV1;
          await record(d.accountId, 'dispute_closed', d.disputeId, d.resolvedAt, event);
        },
      },
    },
  });
}
