import type { DisputeResolvedV1, PublishedEvent } from '@o2c/contracts';
import { publishedEventConsumer, type ConsumerDefinition } from '@o2c/messaging';
import { correctedInvoiceIdOf } from '../ledger/events';
import type { LedgerService } from '../ledger/ledger.service';

export const CREDIT_FROM_DISPUTE_GROUP = 'o2c.invoicing.disputes';

/** One credit note per resolution of a dispute: a resolution after a reopening gets its own number. */
export const creditNoteIdOf = (resolved: DisputeResolvedV1): string => `CN-${resolved.disputeId}-${resolved.resolution ?? 1}`;

/**
 * A dispute resolved with a credit note becomes a credit note on the invoice;
 * one resolved with a corrected invoice cancels the invoice by a credit note
 * and issues the corrected invoice `<invoiceId>-C<resolution>` (one ledger
 * command, one decision). Idempotent twice over: on the published message id
 * (command id) and on the deterministic credit note and invoice ids (the
 * decider's rule). A corrected invoice resolved before `correctedTotalMinor`
 * existed carries only a credit: it is credited as it was then.
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
          const context = { causationId: event.metadata.messageId, commandId: `disputes:${event.metadata.messageId}`, correlationId: event.metadata.correlationId, actor: 'system:invoicing.disputes' };
          if (d.outcome === 'corrected_invoice' && d.correctedTotalMinor !== undefined) {
            await ledger.execute(
              {
                type: 'CorrectInvoice',
                accountId: d.accountId,
                invoiceId: d.invoiceId,
                correctedInvoiceId: correctedInvoiceIdOf(d.invoiceId, d.resolution ?? 1),
                creditNoteId: creditNoteIdOf(d),
                correctedTotalMinor: d.correctedTotalMinor,
                currency: d.currency,
                reason: `dispute ${d.disputeId} (corrected invoice): ${d.rootCause ?? 'no root cause given'}`,
                on: d.resolvedAt.slice(0, 10),
              },
              context,
            );
            return;
          }
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
            context,
          );
        },
      },
    },
  });
}
