import type { DisputeOpenedV1, DisputeReopenedV1, DisputeResolvedV1 } from '@o2c/contracts';
import { publishedEventConsumer } from '@o2c/messaging';
import type { CaseStreams } from '../case-store/case.streams';
import { consumedContext } from '../learn-accounts/accounts.consumer';

export const DISPUTES_GROUP = 'o2c.collections.disputes';

/** A dispute holds the disputed amount of its invoice only; its resolution releases it (a rejection: the customer owes it, dunning resumes). */
export function disputesConsumer(cases: CaseStreams) {
  return publishedEventConsumer({
    groupId: DISPUTES_GROUP,
    // Every handler goes straight to CaseStreams, whose per-case queue keeps an account's order: its messages in a batch are decided together.
    pipelined: true,
    from: ['disputes'],
    handlers: {
      DisputeOpened: {
        versions: [1],
        handle: async (event, { manager }) => {
          const d = event.data as DisputeOpenedV1;
          await cases.execute(
            {
              type: 'PlaceHold',
              accountId: d.accountId,
              holdId: `dispute:${d.disputeId}:${event.metadata.messageId}`,
              kind: 'dispute',
              scope: 'amount',
              invoiceIds: [d.invoiceId],
              amountMinor: d.amountMinor,
              reason: `dispute ${d.disputeId} (${d.cause})`,
              on: d.openedAt.slice(0, 10),
              placedBy: d.openedBy,
              source: `dispute:${d.disputeId}`,
            },
            consumedContext(DISPUTES_GROUP, event),
            manager,
          );
        },
      },
      DisputeReopened: {
        versions: [1],
        handle: async (event, { manager }) => {
          const d = event.data as DisputeReopenedV1;
          await cases.execute(
            {
              type: 'PlaceHold',
              accountId: d.accountId,
              holdId: `dispute:${d.disputeId}:${event.metadata.messageId}`,
              kind: 'dispute',
              scope: 'amount',
              invoiceIds: [d.invoiceId],
              amountMinor: d.amountMinor,
              reason: `dispute ${d.disputeId} reopened: ${d.reason}`,
              on: d.reopenedAt.slice(0, 10),
              placedBy: event.metadata.actor,
              source: `dispute:${d.disputeId}`,
            },
            consumedContext(DISPUTES_GROUP, event),
            manager,
          );
        },
      },
      DisputeResolved: {
        versions: [1],
        handle: async (event, { manager }) => {
          const d = event.data as DisputeResolvedV1;
          await cases.execute(
            { type: 'ReleaseHold', accountId: d.accountId, source: `dispute:${d.disputeId}`, reason: `dispute resolved: ${d.outcome}`, on: d.resolvedAt.slice(0, 10) },
            consumedContext(DISPUTES_GROUP, event),
            manager,
          );
        },
      },
    },
  });
}
