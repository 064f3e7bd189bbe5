import type { DisputeResolvedV1, PublishedEvent } from '@o2c/contracts';
import { publishedEventConsumer, type ConsumerDefinition } from '@o2c/messaging';
import type { LedgerService } from '../ledger/ledger.service';

export const CREDIT_FROM_DISPUTE_GROUP = 'o2c.invoicing.disputes';

/** One credit note per resolution of a dispute: a resolution after a reopening gets its own number. */
export const creditNoteIdOf = (resolved: DisputeResolvedV1): string => `CN-${resolved.disputeId}-${resolved.resolution ?? 1}`;

/**
 * A dispute resolved with a credit (credit note, or a corrected invoice that
 * credits part of it) becomes a credit note on the invoice, through the
 * ledger's own command. Idempotent twice over: on the published message id
 * (command id) and on the deterministic credit note id (the decider's rule).
 */
export function creditFromDisputeConsumer(ledger: LedgerService): ConsumerDefinition<PublishedEvent | undefined> {
  return publishedEventConsumer({
    groupId: CREDIT_FROM_DISPUTE_GROUP,
    from: ['disputes'],
    handlers: {
      DisputeResolved: {
        versions: [1],
        handle: async (event) => {
          const d = event.data as DisputeResolvedV1;
          if (!d.creditAmountMinor || d.outcome === 'rejected') return;
          await ledger.execute(
            {
              type: 'IssueCreditNote',
              accountId: d.accountId,
              invoiceId: d.invoiceId,
              creditNoteId: creditNoteIdOf(d),
              amountMinor: d.creditAmountMinor,
              reason: `dispute ${d.disputeId} (${d.outcome}): ${d.rootCause ?? 'no root cause given'}`,
              on: d.resolvedAt.slice(0, 10),
            },
            { causationId: event.metadata.messageId, commandId: `disputes:${event.metadata.messageId}`, correlationId: event.metadata.correlationId, actor: 'system:invoicing.disputes' },
          );
        },
      },
    },
  });
}
